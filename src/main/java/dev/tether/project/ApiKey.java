package dev.tether.project;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A project API key. Only its SHA-256 hash is stored; the plaintext is shown once, at creation. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    /** Prefix of every key's plaintext, so that leaked keys are easy to recognise in scanners. */
    public static final String PLAINTEXT_PREFIX = "tth_";

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    @Column(name = "key_prefix", nullable = false)
    public String keyPrefix;

    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
