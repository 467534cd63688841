package dev.tether.webhook;

import java.time.Instant;

/**
 * One entry of a webhook's delivery log. The body is not shown (it can carry tokens). For an event being
 * delivered, {@code next_attempt_at} is when it is retried if the attempt never reports back.
 */
public record WebhookEventView(
        String id,
        String webhookId,
        String eventType,
        String status,
        int attempts,
        Integer lastStatusCode,
        String lastError,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Instant deliveredAt,
        Instant createdAt,
        Instant updatedAt) {

    public static WebhookEventView of(WebhookEvent event) {
        return new WebhookEventView(event.id, event.webhookId, event.eventType, event.status, event.attempts,
                event.lastStatusCode, event.lastError, event.nextAttemptAt, event.lastAttemptAt, event.deliveredAt,
                event.createdAt, event.updatedAt);
    }
}
