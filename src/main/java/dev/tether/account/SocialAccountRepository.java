package dev.tether.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.tether.common.ListQuery;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SocialAccountRepository implements PanacheRepositoryBase<SocialAccount, String> {

    /** The account row for a platform user, locked for the rest of the transaction. */
    public Uni<SocialAccount> findForUpdate(String projectId, String platform, String userId) {
        return find("projectId = ?1 and platform = ?2 and userId = ?3", projectId, platform, userId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<SocialAccount> findForProject(String projectId, String id) {
        return find("id = ?1 and projectId = ?2", id, projectId).firstResult();
    }

    /** The project's account, locked for the rest of the transaction (a concurrent callback waits for it). */
    public Uni<SocialAccount> findForProjectForUpdate(String projectId, String id) {
        return find("id = ?1 and projectId = ?2", id, projectId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The project's accounts matching the filter, newest first. */
    public PanacheQuery<SocialAccount> search(SocialAccountFilter filter) {
        ListQuery query = ListQuery.forProject(filter.projectId())
                .in("id", filter.ids())
                .in("platform", filter.platforms())
                .in("username", filter.usernames())
                .in("externalId", filter.externalIds())
                .in("status", filter.statuses());
        return find(query.where(), ListQuery.NEWEST_FIRST, query.params());
    }
}
