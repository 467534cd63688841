package dev.tether.account;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.tether.common.Ids;
import dev.tether.common.ListQuery;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SocialAccountRepository implements PanacheRepositoryBase<SocialAccount, String> {

    /** Inserts an empty row for a platform user unless one exists; concurrent inserts meet on the unique key. */
    private static final String INSERT_IF_ABSENT = """
            insert into social_account (id, project_id, platform, user_id, status, created_at, updated_at)
            values (:id, :projectId, :platform, :userId, 'disconnected', :now, :now)
            on conflict (project_id, platform, user_id) do nothing""";

    /**
     * The account row for a platform user, locked for the rest of the transaction; an empty disconnected row
     * with a new {@code spc_} id is created first when there is none. Two transactions doing this for the same
     * user at once end up with the same row, one after the other, without a constraint violation.
     */
    public Uni<SocialAccount> lockOrCreate(String projectId, String platform, String userId, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter("id", Ids.next(Ids.SOCIAL_ACCOUNT))
                .setParameter("projectId", projectId)
                .setParameter("platform", platform)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .executeUpdate())
                .chain(ignored -> find("projectId = ?1 and platform = ?2 and userId = ?3", projectId, platform, userId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .singleResult());
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
