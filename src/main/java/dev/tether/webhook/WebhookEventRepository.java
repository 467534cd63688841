package dev.tether.webhook;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ListQuery;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WebhookEventRepository implements PanacheRepositoryBase<WebhookEvent, String> {

    /** The filters of the delivery log; an empty list means "any". */
    public record Filter(String webhookId, List<String> ids, List<String> statuses, List<String> eventTypes) {
    }

    public Uni<WebhookEvent> findForWebhook(String webhookId, String id) {
        return find("id = ?1 and webhookId = ?2", id, webhookId).firstResult();
    }

    public PanacheQuery<WebhookEvent> search(Filter filter) {
        ListQuery query = ListQuery.of("webhookId", filter.webhookId())
                .in("id", filter.ids())
                .in("status", filter.statuses())
                .in("eventType", filter.eventTypes());
        return find(query.where(), ListQuery.NEWEST_FIRST, query.params());
    }

    /**
     * Queues an event again with a fresh retry schedule, due now. An attempt in flight is left alone (its
     * outcome decides); answers whether the event was queued.
     */
    public Uni<Boolean> requeue(String webhookId, String id, Instant now) {
        return update("status = :pending, roundAttempts = 0, nextAttemptAt = :now, updatedAt = :now"
                + " where id = :id and webhookId = :webhookId and status <> :delivering",
                Parameters.with("pending", WebhookEvent.PENDING).and("now", now).and("id", id)
                        .and("webhookId", webhookId)
                        .and("delivering", WebhookEvent.DELIVERING))
                .map(count -> count > 0);
    }

    /** Delivered and failed events older than {@code before}, at most {@code limit} per call. */
    public Uni<Integer> purgeFinished(Instant before, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                delete from webhook_event where id in (
                    select id from webhook_event
                     where status in ('delivered', 'failed') and updated_at < :before
                     limit :limit)""")
                .setParameter("before", before)
                .setParameter("limit", limit)
                .executeUpdate());
    }
}
