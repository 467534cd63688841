package dev.tether.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ApiException;
import dev.tether.common.Failures;
import dev.tether.common.Ids;
import dev.tether.common.PageRequest;
import dev.tether.common.SecretBox;
import dev.tether.common.Slice;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Webhook subscriptions and their delivery logs, scoped to the calling project. */
@ApplicationScoped
public class WebhookService {

    static final String NOT_FOUND = "Webhook not found";
    static final String EVENT_NOT_FOUND = "Webhook event not found";
    private static final int MAX_EVENT_TYPES = 50;

    /** A PATCH: null fields are left as they are. */
    public record Change(String url, List<String> eventTypes, String status) {
    }

    private final WebhookRepository webhooks;
    private final WebhookEventRepository events;
    private final WebhookOutbox outbox;
    private final SecretBox box;
    private final Clock clock;
    private final TargetPolicy targets;

    public WebhookService(WebhookRepository webhooks, WebhookEventRepository events, WebhookOutbox outbox,
            SecretBox box, Clock clock, WebhooksConfig config) {
        this.webhooks = webhooks;
        this.events = events;
        this.outbox = outbox;
        this.box = box;
        this.clock = clock;
        this.targets = new TargetPolicy(config.allowPrivateTargets());
    }

    // ---------------------------------------------------------------- validation

    /** An http(s) URL Tether may send to; a 400 naming {@code url} otherwise. */
    public String url(String value) {
        if (value == null) {
            throw ApiException.badRequest("url: is required");
        }
        return targets.validateUrl("url", value.trim());
    }

    /** The subscribed types, de-duplicated in their order; a 400 naming the first unknown one. */
    public static List<String> eventTypes(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw ApiException.badRequest("event_types: must list at least one event type; one of "
                    + String.join(", ", WebhookEventType.wireNames()));
        }
        if (values.size() > MAX_EVENT_TYPES) {
            throw ApiException.badRequest("event_types: must list at most " + MAX_EVENT_TYPES + " event types");
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || WebhookEventType.fromWire(value).isEmpty()) {
                throw ApiException.badRequest("event_types[" + i + "]: unknown event type '" + printable(value)
                        + "'; one of " + String.join(", ", WebhookEventType.wireNames()));
            }
            result.add(value);
        }
        return List.copyOf(result);
    }

    // ---------------------------------------------------------------- subscriptions

    public Uni<WebhookView> create(String projectId, String url, List<String> eventTypes) {
        return Panache.withTransaction(() -> webhooks.findByUrl(projectId, url).chain(existing -> {
            if (existing != null) {
                throw duplicateUrl();
            }
            Instant now = clock.instant();
            Webhook webhook = new Webhook();
            webhook.id = Ids.next(Ids.WEBHOOK);
            webhook.projectId = projectId;
            webhook.url = url;
            webhook.secret = box.encrypt(WebhookSigner.newSecret(), Webhook.secretContext(webhook.id));
            webhook.eventTypes = eventTypes.toArray(String[]::new);
            webhook.status = Webhook.ENABLED;
            webhook.createdAt = now;
            webhook.updatedAt = now;
            return webhooks.persist(webhook);
        })).onFailure(Failures::isUniqueViolation).transform(failure -> duplicateUrl())
                .map(webhook -> WebhookView.of(webhook, box));
    }

    @WithSession
    public Uni<WebhookView> find(String projectId, String id) {
        return require(projectId, id).map(webhook -> WebhookView.of(webhook, box));
    }

    @WithSession
    public Uni<Slice<WebhookView>> list(WebhookRepository.Filter filter, PageRequest page) {
        return page.fetch(webhooks.search(filter), webhook -> WebhookView.of(webhook, box));
    }

    /**
     * Applies a PATCH: {@code event_types} replaces the set; {@code status} {@code disabled} fails the queued
     * events, {@code enabled} brings a disabled webhook back (failed events can then be redelivered).
     */
    public Uni<WebhookView> update(String projectId, String id, Change change) {
        return Panache.withTransaction(() -> require(projectId, id).chain(webhook -> {
            Uni<Void> urlFree = change.url() == null || change.url().equals(webhook.url)
                    ? Uni.createFrom().voidItem()
                    : webhooks.findByUrl(projectId, change.url()).map(other -> {
                        if (other != null) {
                            throw duplicateUrl();
                        }
                        return null;
                    });
            return urlFree.chain(() -> {
                Instant now = clock.instant();
                if (change.url() != null) {
                    webhook.url = change.url();
                }
                if (change.eventTypes() != null) {
                    webhook.eventTypes = change.eventTypes().toArray(String[]::new);
                }
                Uni<Integer> failQueued = Uni.createFrom().item(0);
                if (Webhook.ENABLED.equals(change.status()) && !Webhook.ENABLED.equals(webhook.status)) {
                    webhook.status = Webhook.ENABLED;
                    webhook.disabledAt = null;
                    webhook.disabledReason = null;
                } else if (Webhook.DISABLED.equals(change.status()) && !Webhook.DISABLED.equals(webhook.status)) {
                    webhook.status = Webhook.DISABLED;
                    webhook.disabledAt = now;
                    webhook.disabledReason = "disabled through the API";
                    failQueued = events.update("status = ?1, nextAttemptAt = null, lastError = ?2, updatedAt = ?3"
                            + " where webhookId = ?4 and status = ?5", WebhookEvent.FAILED,
                            "the webhook was disabled through the API", now, webhook.id, WebhookEvent.PENDING);
                }
                webhook.updatedAt = now;
                return failQueued.replaceWith(webhook);
            });
        })).onFailure(Failures::isUniqueViolation).transform(failure -> duplicateUrl())
                .map(webhook -> WebhookView.of(webhook, box));
    }

    /** Deletes the webhook and its delivery log; deliveries in flight finish but are no longer recorded. */
    public Uni<Void> delete(String projectId, String id) {
        return Panache.withTransaction(() -> require(projectId, id).chain(webhook -> webhooks.delete(webhook)));
    }

    /**
     * Replaces the signing secret. Every attempt from now on, retries of older events included, is signed with
     * the new one.
     */
    public Uni<WebhookView> rotateSecret(String projectId, String id) {
        return Panache.withTransaction(() -> require(projectId, id).map(webhook -> {
            webhook.secret = box.encrypt(WebhookSigner.newSecret(), Webhook.secretContext(webhook.id));
            webhook.updatedAt = clock.instant();
            return webhook;
        })).map(webhook -> WebhookView.of(webhook, box));
    }

    // ---------------------------------------------------------------- delivery log

    @WithSession
    public Uni<Slice<WebhookEventView>> listEvents(String projectId, String webhookId, List<String> ids,
            List<String> statuses, List<String> eventTypes, PageRequest page) {
        return require(projectId, webhookId).chain(webhook -> page.fetch(
                events.search(new WebhookEventRepository.Filter(webhook.id, ids, statuses, eventTypes)),
                WebhookEventView::of));
    }

    @WithSession
    public Uni<WebhookEventView> findEvent(String projectId, String webhookId, String eventId) {
        return require(projectId, webhookId).chain(webhook -> requireEvent(webhook, eventId))
                .map(WebhookEventView::of);
    }

    /**
     * Queues the event again, due now, with a fresh retry schedule; the same {@code webhook-id} is sent. Refused
     * while the webhook is disabled or an attempt is in flight.
     */
    public Uni<WebhookEventView> redeliver(String projectId, String webhookId, String eventId) {
        return Panache.withTransaction(() -> require(projectId, webhookId).chain(webhook -> {
            if (!Webhook.ENABLED.equals(webhook.status)) {
                throw ApiException.conflict("The webhook is disabled; enable it (PATCH status) before redelivering");
            }
            if (!Ids.looksLike(Ids.WEBHOOK_EVENT, eventId)) {
                throw ApiException.notFound(EVENT_NOT_FOUND);
            }
            // One guarded statement, so a dispatcher claiming the row at the same moment cannot be overwritten;
            // the row is read afterwards, as it now stands.
            return events.requeue(webhook.id, eventId, clock.instant()).chain(queued -> requireEvent(webhook, eventId)
                    .call(event -> {
                        if (!queued) {
                            throw ApiException.conflict("A delivery attempt of this event is in progress");
                        }
                        return outbox.notifyDispatchers();
                    }));
        })).map(WebhookEventView::of);
    }

    // ---------------------------------------------------------------- helpers

    private Uni<Webhook> require(String projectId, String id) {
        if (!Ids.looksLike(Ids.WEBHOOK, id)) {
            return Uni.createFrom().failure(ApiException.notFound(NOT_FOUND));
        }
        return webhooks.findForProject(projectId, id).map(webhook -> {
            if (webhook == null) {
                throw ApiException.notFound(NOT_FOUND);
            }
            return webhook;
        });
    }

    private Uni<WebhookEvent> requireEvent(Webhook webhook, String eventId) {
        if (!Ids.looksLike(Ids.WEBHOOK_EVENT, eventId)) {
            return Uni.createFrom().failure(ApiException.notFound(EVENT_NOT_FOUND));
        }
        return events.findForWebhook(webhook.id, eventId).map(event -> {
            if (event == null) {
                throw ApiException.notFound(EVENT_NOT_FOUND);
            }
            return event;
        });
    }

    private static ApiException duplicateUrl() {
        return ApiException.conflict("url: this project already has a webhook with this URL");
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }
}
