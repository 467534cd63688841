package dev.tether.webhook;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One event for one webhook: an outbox row and its delivery record. The payload is the exact request body,
 * encrypted (account events can carry tokens); the id is the {@code webhook-id} header of every attempt.
 */
@Entity
@Table(name = "webhook_event")
public class WebhookEvent extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String DELIVERING = "delivering";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    public String id;

    @Column(name = "webhook_id", nullable = false)
    public String webhookId;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public byte[] payload;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "round_attempts", nullable = false)
    public int roundAttempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static String payloadContext(String id) {
        return "webhook_event.payload:" + id;
    }
}
