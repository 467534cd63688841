package dev.tether.webhook;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A project's subscription: where to POST which events. The signing secret is encrypted, bound to the row id. */
@Entity
@Table(name = "webhook")
public class Webhook extends PanacheEntityBase {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public byte[] secret;

    @Column(name = "event_types", nullable = false)
    public String[] eventTypes;

    @Column(nullable = false)
    public String status;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static String secretContext(String id) {
        return "webhook.secret:" + id;
    }
}
