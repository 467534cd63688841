package dev.tether.webhook;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ListQuery;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, String> {

    /** The filters of the webhook list; an empty list means "any". */
    public record Filter(String projectId, List<String> ids, List<String> urls, List<String> eventTypes) {
    }

    public Uni<Webhook> findForProject(String projectId, String id) {
        return find("id = ?1 and projectId = ?2", id, projectId).firstResult();
    }

    public Uni<Webhook> findByUrl(String projectId, String url) {
        return find("projectId = ?1 and url = ?2", projectId, url).firstResult();
    }

    /** The enabled webhooks of a project subscribed to an event type: the fan-out of one event. */
    public Uni<List<Webhook>> subscribed(String projectId, String eventType) {
        return getSession().chain(session -> session.createNativeQuery("""
                select * from webhook
                 where project_id = :projectId and status = 'enabled' and :type = any(event_types)
                 order by created_at, id""", Webhook.class)
                .setParameter("projectId", projectId)
                .setParameter("type", eventType)
                .getResultList());
    }

    public PanacheQuery<Webhook> search(Filter filter) {
        ListQuery query = ListQuery.forProject(filter.projectId())
                .in("id", filter.ids())
                .in("url", filter.urls())
                .when(filter.eventTypes(), "array_intersects(eventTypes, :eventTypes)", "eventTypes",
                        filter.eventTypes().toArray(String[]::new));
        return find(query.where(), ListQuery.NEWEST_FIRST, query.params());
    }
}
