package dev.tether.webhook;

import java.time.Instant;
import java.util.List;

import dev.tether.common.SecretBox;

/**
 * A webhook as the API shows it: the hosted API's {@code {id, url, event_types, secret}} (the secret on every
 * read, as there), plus its status and timestamps.
 */
public record WebhookView(
        String id,
        String url,
        List<String> eventTypes,
        String secret,
        String status,
        Instant disabledAt,
        String disabledReason,
        Instant createdAt,
        Instant updatedAt) {

    public static WebhookView of(Webhook webhook, SecretBox box) {
        return new WebhookView(webhook.id, webhook.url, List.of(webhook.eventTypes),
                box.decrypt(webhook.secret, Webhook.secretContext(webhook.id)), webhook.status, webhook.disabledAt,
                webhook.disabledReason, webhook.createdAt, webhook.updatedAt);
    }

    @Override
    public String toString() {
        return "WebhookView[id=" + id + ", status=" + status + "]";
    }
}
