package dev.tether.project;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A project's OAuth app on one platform (and variant). The client secret is encrypted at rest. */
@Entity
@Table(name = "platform_credential")
public class PlatformCredential extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public String platform;

    @Column(nullable = false)
    public String variant;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "client_secret", nullable = false)
    public byte[] clientSecret;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Associated data for the encrypted client secret: binds it to this project, platform and variant. */
    public static String secretContext(String projectId, String platform, String variant) {
        return "platform_credential.client_secret:" + projectId + ":" + platform + ":" + variant;
    }
}
