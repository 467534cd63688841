package dev.tether.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
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
        StringBuilder where = new StringBuilder("projectId = :projectId");
        Parameters params = Parameters.with("projectId", filter.projectId());
        if (!filter.ids().isEmpty()) {
            where.append(" and id in :ids");
            params.and("ids", filter.ids());
        }
        if (!filter.platforms().isEmpty()) {
            where.append(" and platform in :platforms");
            params.and("platforms", filter.platforms());
        }
        if (!filter.usernames().isEmpty()) {
            where.append(" and username in :usernames");
            params.and("usernames", filter.usernames());
        }
        if (!filter.externalIds().isEmpty()) {
            where.append(" and externalId in :externalIds");
            params.and("externalIds", filter.externalIds());
        }
        if (!filter.statuses().isEmpty()) {
            where.append(" and status in :statuses");
            params.and("statuses", filter.statuses());
        }
        return find(where.toString(), Sort.descending("createdAt").and("id", Sort.Direction.Descending), params);
    }
}
