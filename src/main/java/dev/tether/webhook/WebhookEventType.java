package dev.tether.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The event types of the hosted API; all are accepted on subscriptions, Tether emits the account ones. */
public enum WebhookEventType {
    SOCIAL_ACCOUNT_CREATED("social.account.created"),
    SOCIAL_ACCOUNT_UPDATED("social.account.updated"),
    SOCIAL_POST_CREATED("social.post.created"),
    SOCIAL_POST_UPDATED("social.post.updated"),
    SOCIAL_POST_DELETED("social.post.deleted"),
    SOCIAL_POST_RESULT_CREATED("social.post.result.created");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WebhookEventType::wireName).toList();
    }
}
