package dev.tether.project;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ApiException;
import dev.tether.common.Ids;
import dev.tether.common.SecretBox;
import dev.tether.platform.Credentials;
import dev.tether.platform.Platform;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** A project's platform app credentials: stored with the secret encrypted, chosen per link by variant. */
@ApplicationScoped
public class CredentialService {

    /** The variant a link uses and the credentials for it (null on platforms that need none). */
    public record Resolved(String variant, Credentials credentials) {
    }

    private final PlatformCredentialRepository repository;
    private final SecretBox box;
    private final Clock clock;

    public CredentialService(PlatformCredentialRepository repository, SecretBox box, Clock clock) {
        this.repository = repository;
        this.box = box;
        this.clock = clock;
    }

    /**
     * Picks the credentials for a new link: the requested variant's, or the only ones the project has.
     * Several without a choice is a 400 asking for {@code connection_type}; none is a 404 naming the platform.
     */
    @WithSession
    public Uni<Resolved> resolve(String projectId, Platform platform, Optional<String> requestedVariant) {
        if (!platform.requiresCredentials()) {
            return Uni.createFrom().item(new Resolved(requestedVariant.orElse(platform.variants().get(0)), null));
        }
        return repository.listForPlatform(projectId, platform.name()).map(rows -> {
            if (requestedVariant.isPresent()) {
                return rows.stream().filter(row -> row.variant.equals(requestedVariant.get())).findFirst()
                        .map(row -> new Resolved(row.variant, decrypt(row)))
                        .orElseThrow(() -> missing(projectId, platform, requestedVariant.get()));
            }
            if (rows.isEmpty()) {
                throw missing(projectId, platform, null);
            }
            if (rows.size() > 1) {
                throw ApiException.badRequest("platform_data." + platform.name() + ".connection_type: is required,"
                        + " because this project has credentials for " + platform.name() + " variants "
                        + String.join(" and ", rows.stream().map(row -> row.variant).toList())
                        + "; set it to one of them");
            }
            return new Resolved(rows.get(0).variant, decrypt(rows.get(0)));
        });
    }

    /** The credentials an attempt was created with; a 404-style failure if they were removed since. */
    @WithSession
    public Uni<Credentials> load(String projectId, Platform platform, String variant) {
        if (!platform.requiresCredentials()) {
            return Uni.createFrom().nullItem();
        }
        return repository.find(projectId, platform.name(), variant).map(row -> {
            if (row == null) {
                throw missing(projectId, platform, variant);
            }
            return decrypt(row);
        });
    }

    @WithTransaction
    public Uni<PlatformCredential> put(String projectId, Platform platform, String variant, String clientId,
            String clientSecret) {
        return repository.find(projectId, platform.name(), variant).chain(existing -> {
            PlatformCredential row = existing;
            if (row == null) {
                row = new PlatformCredential();
                row.id = Ids.next(Ids.CREDENTIAL);
                row.projectId = projectId;
                row.platform = platform.name();
                row.variant = variant;
                row.createdAt = clock.instant();
            }
            row.clientId = clientId;
            row.clientSecret = box.encrypt(clientSecret,
                    PlatformCredential.secretContext(projectId, platform.name(), variant));
            row.updatedAt = clock.instant();
            return existing == null ? repository.persist(row) : Uni.createFrom().item(row);
        });
    }

    @WithSession
    public Uni<List<PlatformCredential>> list(String projectId) {
        return repository.listForProject(projectId);
    }

    /** Removes one variant's credentials, or all of the platform's when no variant is given. */
    @WithTransaction
    public Uni<Long> delete(String projectId, Platform platform, Optional<String> variant) {
        return variant
                .map(v -> repository.delete("projectId = ?1 and platform = ?2 and variant = ?3", projectId,
                        platform.name(), v))
                .orElseGet(() -> repository.delete("projectId = ?1 and platform = ?2", projectId, platform.name()));
    }

    private Credentials decrypt(PlatformCredential row) {
        return new Credentials(row.clientId,
                box.decrypt(row.clientSecret, PlatformCredential.secretContext(row.projectId, row.platform, row.variant)));
    }

    static String label(Platform platform, String variant) {
        return variant == null || Platform.DEFAULT_VARIANT.equals(variant)
                ? platform.name()
                : platform.name() + " (" + variant + ")";
    }

    private static ApiException missing(String projectId, Platform platform, String variant) {
        return ApiException.notFound("No app credentials for " + label(platform, variant)
                + " in this project; add them with PUT /admin/projects/" + projectId + "/credentials/"
                + platform.name());
    }
}
