package dev.tether.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tether.account.SocialAccount;
import dev.tether.account.SocialAccountView;
import dev.tether.common.Ids;
import dev.tether.common.SecretBox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The transactional outbox. Every method runs inside the caller's transaction: it writes one event row per
 * subscribed webhook next to the change it reports, and a PostgreSQL notification that is delivered only if
 * that transaction commits, which wakes the dispatchers at once. A rolled-back change leaves no event.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** The notification channel the dispatchers listen on. */
    public static final String CHANNEL = "tether_webhook_events";

    /** The request body of every delivery; {@code id} is also the {@code webhook-id} header. */
    public record Envelope(String id, String eventType, Instant createdAt, Object data) {
    }

    private final WebhookRepository webhooks;
    private final WebhookEventRepository events;
    private final SecretBox box;
    private final ObjectMapper mapper;
    private final WebhooksConfig config;
    private final RetryPolicy retries;
    private final Clock clock;

    public WebhookOutbox(WebhookRepository webhooks, WebhookEventRepository events, SecretBox box,
            ObjectMapper mapper, WebhooksConfig config, Clock clock) {
        this.webhooks = webhooks;
        this.events = events;
        this.box = box;
        this.mapper = mapper;
        this.config = config;
        this.retries = RetryPolicy.of(config);
        this.clock = clock;
    }

    /** {@code social.account.created} for each account a connection connected (new or reconnected). */
    public Uni<Integer> accountsConnected(String projectId, List<SocialAccount> accounts) {
        return record(projectId, WebhookEventType.SOCIAL_ACCOUNT_CREATED,
                accounts.stream().map(this::accountData).toList());
    }

    /** {@code social.account.updated} for an account changed through the API (update, disconnect). */
    public Uni<Integer> accountUpdated(SocialAccount account) {
        return record(account.projectId, WebhookEventType.SOCIAL_ACCOUNT_UPDATED, List.of(accountData(account)));
    }

    /**
     * One event per item in {@code data}, fanned out to every enabled webhook of the project subscribed to
     * {@code type}; answers how many deliveries were queued.
     */
    public Uni<Integer> record(String projectId, WebhookEventType type, List<?> data) {
        if (data.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return webhooks.subscribed(projectId, type.wireName()).chain(subscribed -> {
            if (subscribed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Instant now = clock.instant();
            List<WebhookEvent> rows = new ArrayList<>();
            for (Object item : data) {
                for (Webhook webhook : subscribed) {
                    rows.add(newEvent(webhook, type, item, now));
                }
            }
            return events.persist(rows).chain(() -> notifyDispatchers()).replaceWith(rows.size());
        });
    }

    /** Wakes the dispatchers when the current transaction commits (PostgreSQL holds NOTIFY until then). */
    Uni<Void> notifyDispatchers() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select 1 from pg_notify(:channel, '')")
                .setParameter("channel", CHANNEL)
                .getSingleResult())
                .replaceWithVoid();
    }

    private WebhookEvent newEvent(Webhook webhook, WebhookEventType type, Object data, Instant now) {
        WebhookEvent event = new WebhookEvent();
        event.id = Ids.next(Ids.WEBHOOK_EVENT);
        event.webhookId = webhook.id;
        event.projectId = webhook.projectId;
        event.eventType = type.wireName();
        event.payload = box.encrypt(body(new Envelope(event.id, type.wireName(), now, data)),
                WebhookEvent.payloadContext(event.id));
        event.status = WebhookEvent.PENDING;
        event.attempts = 0;
        event.roundAttempts = 0;
        event.nextAttemptAt = now.plus(retries.firstDelay());
        event.createdAt = now;
        event.updatedAt = now;
        return event;
    }

    private String body(Envelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook event " + envelope.id() + " could not be serialized", e);
        }
    }

    /**
     * The account as events carry it: the API's account shape, tokens only when {@code include-tokens} is on,
     * and never an app password, even one that found its way into the metadata.
     */
    SocialAccountView accountData(SocialAccount account) {
        SocialAccountView view = SocialAccountView.of(account, box);
        Map<String, Object> metadata = view.metadata();
        if (metadata != null) {
            Map<String, Object> safe = new LinkedHashMap<>();
            metadata.forEach((key, value) -> {
                if (!key.toLowerCase(Locale.ROOT).contains("app_password")) {
                    safe.put(key, value);
                }
            });
            metadata = safe;
        }
        boolean tokens = config.includeTokens();
        return new SocialAccountView(view.id(), view.platform(), view.username(), view.userId(),
                view.profilePhotoUrl(), view.status(), view.externalId(), tokens ? view.accessToken() : null,
                tokens ? view.refreshToken() : null, view.accessTokenExpiresAt(), view.refreshTokenExpiresAt(),
                metadata);
    }
}
