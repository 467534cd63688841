package dev.tether.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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
}
