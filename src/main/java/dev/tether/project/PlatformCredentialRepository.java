package dev.tether.project;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PlatformCredentialRepository implements PanacheRepositoryBase<PlatformCredential, String> {

    public Uni<List<PlatformCredential>> listForPlatform(String projectId, String platform) {
        return list("projectId = ?1 and platform = ?2 order by variant", projectId, platform);
    }

    public Uni<List<PlatformCredential>> listForProject(String projectId) {
        return list("projectId = ?1 order by platform, variant", projectId);
    }

    public Uni<PlatformCredential> find(String projectId, String platform, String variant) {
        return find("projectId = ?1 and platform = ?2 and variant = ?3", projectId, platform, variant).firstResult();
    }
}
