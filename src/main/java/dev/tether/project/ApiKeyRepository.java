package dev.tether.project;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Uni<ApiKey> findActiveByHash(String keyHash) {
        return find("keyHash = ?1 and revokedAt is null", keyHash).firstResult();
    }

    public Uni<List<ApiKey>> listForProject(String projectId) {
        return list("projectId = ?1 order by createdAt", projectId);
    }

    public Uni<ApiKey> findForProject(String projectId, String keyId) {
        return find("id = ?1 and projectId = ?2", keyId, projectId).firstResult();
    }
}
