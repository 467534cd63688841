package dev.tether.connection;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ListQuery;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ConnectionAttemptRepository implements PanacheRepositoryBase<ConnectionAttempt, String> {

    /**
     * The single-use claim: one statement moves a claimable attempt to {@code processing}, so of two callbacks
     * carrying the same state exactly one gets the row. Abandoned attempts stay claimable (a user who comes
     * back late still completes); purged ones have no key hash left and cannot match.
     */
    private static final String CLAIM = """
            update connection_attempt
               set status = 'processing', last_activity_at = :now
             where attempt_key_hash = :keyHash
               and project_id = :projectId
               and platform = :platform
               and status in ('pending', 'abandoned')
            returning *""";

    public Uni<ConnectionAttempt> claim(String projectId, String platform, String keyHash, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(CLAIM, ConnectionAttempt.class)
                .setParameter("now", now)
                .setParameter("keyHash", keyHash)
                .setParameter("projectId", projectId)
                .setParameter("platform", platform)
                .getSingleResultOrNull());
    }

    public Uni<ConnectionAttempt> findByKeyHash(String keyHash) {
        return find("attemptKeyHash", keyHash).firstResult();
    }

    public Uni<ConnectionAttempt> findForProject(String projectId, String id) {
        return find("id = ?1 and projectId = ?2", id, projectId).firstResult();
    }

    /** Records the end of an attempt and drops the secrets it no longer needs (the key hash stays: reuse is refused). */
    public Uni<Integer> complete(String id, AttemptStatus status, String error, List<String> accountIds,
            List<String> failedAccountIds, Instant now) {
        return update("status = :status, error = :error, accountIds = :accountIds,"
                + " failedAccountIds = :failedAccountIds, completedAt = :now, lastActivityAt = :now,"
                + " codeVerifier = null, platformSecret = null where id = :id",
                Parameters.with("status", status)
                        .and("error", error)
                        .and("accountIds", accountIds.toArray(String[]::new))
                        .and("failedAccountIds", failedAccountIds.toArray(String[]::new))
                        .and("now", now)
                        .and("id", id));
    }

    public Uni<Integer> abandonIdle(Instant idleSince, Instant now) {
        return update("status = :abandoned, abandonedAt = :now where status = :pending and lastActivityAt < :idleSince",
                Parameters.with("abandoned", AttemptStatus.ABANDONED)
                        .and("now", now)
                        .and("pending", AttemptStatus.PENDING)
                        .and("idleSince", idleSince));
    }

    public Uni<Integer> failStuck(Instant activeBefore, Instant now, String error) {
        return update("status = :failed, error = :error, completedAt = :now, codeVerifier = null, platformSecret = null"
                + " where status = :processing and lastActivityAt < :activeBefore",
                Parameters.with("failed", AttemptStatus.FAILED)
                        .and("error", error)
                        .and("now", now)
                        .and("processing", AttemptStatus.PROCESSING)
                        .and("activeBefore", activeBefore));
    }

    public Uni<Integer> purgeSecrets(Instant createdBefore, Instant now) {
        return update("attemptKeyHash = null, codeVerifier = null, platformSecret = null, secretsPurgedAt = :now"
                + " where secretsPurgedAt is null and createdAt < :createdBefore and status <> :processing",
                Parameters.with("now", now)
                        .and("createdBefore", createdBefore)
                        .and("processing", AttemptStatus.PROCESSING));
    }

    public PanacheQuery<ConnectionAttempt> search(AttemptFilter filter) {
        ListQuery query = ListQuery.forProject(filter.projectId())
                .in("id", filter.ids())
                .in("platform", filter.platforms())
                .in("status", filter.statuses())
                .in("externalId", filter.externalIds());
        return find(query.where(), ListQuery.NEWEST_FIRST, query.params());
    }
}
