package dev.tether.webhook;

import java.util.List;

/** Request bodies of the webhook API. */
public final class WebhookRequests {

    private WebhookRequests() {
    }

    /** {@code POST /v1/webhooks}. */
    public record Create(String url, List<String> eventTypes) {
    }
}
