package dev.tether.project;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ApiException;
import dev.tether.common.Hashing;
import dev.tether.common.Ids;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Projects and their API keys. */
@ApplicationScoped
public class ProjectService {

    /** A key just created: the only moment its plaintext exists. */
    public record CreatedKey(ApiKey key, String plaintext) {
    }

    private static final int KEY_RANDOM_CHARS = 40; // about 238 bits
    private static final int KEY_PREFIX_CHARS = 12;

    private final ProjectRepository projects;
    private final ApiKeyRepository keys;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, ApiKeyRepository keys, Clock clock) {
        this.projects = projects;
        this.keys = keys;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Project> create(String name, String callbackUrl) {
        return create(Ids.next(Ids.PROJECT), name, callbackUrl);
    }

    @WithTransaction
    public Uni<Project> create(String id, String name, String callbackUrl) {
        Project project = new Project();
        project.id = id;
        project.name = name;
        project.callbackUrl = callbackUrl;
        project.createdAt = clock.instant();
        project.updatedAt = project.createdAt;
        return projects.persist(project);
    }

    /** The project, or a 404 naming the id. */
    @WithSession
    public Uni<Project> find(String id) {
        return findOrNull(id).map(project -> {
            if (project == null) {
                throw ApiException.notFound("Project not found: " + (Ids.looksLike(Ids.PROJECT, id) ? id : "malformed id"));
            }
            return project;
        });
    }

    @WithSession
    public Uni<Project> findOrNull(String id) {
        if (!Ids.looksLike(Ids.PROJECT, id)) {
            return Uni.createFrom().nullItem();
        }
        return projects.findById(id);
    }

    /** Changes the fields given; {@code callbackUrl} may be cleared with {@code clearCallbackUrl}. */
    @WithTransaction
    public Uni<Project> update(String id, String name, String callbackUrl, boolean clearCallbackUrl) {
        return find(id).map(project -> {
            if (name != null) {
                project.name = name;
            }
            if (callbackUrl != null) {
                project.callbackUrl = callbackUrl;
            } else if (clearCallbackUrl) {
                project.callbackUrl = null;
            }
            project.updatedAt = clock.instant();
            return project;
        });
    }

    @WithTransaction
    public Uni<CreatedKey> createKey(String projectId, String name) {
        return find(projectId).chain(project -> {
            String plaintext = ApiKey.PLAINTEXT_PREFIX + Ids.randomBase62(KEY_RANDOM_CHARS);
            ApiKey key = new ApiKey();
            key.id = Ids.next(Ids.API_KEY);
            key.projectId = project.id;
            key.keyHash = Hashing.sha256Hex(plaintext);
            key.keyPrefix = plaintext.substring(0, KEY_PREFIX_CHARS);
            key.name = name;
            key.createdAt = clock.instant();
            return keys.persist(key).map(saved -> new CreatedKey(saved, plaintext));
        });
    }

    @WithSession
    public Uni<List<ApiKey>> listKeys(String projectId) {
        return find(projectId).chain(project -> keys.listForProject(project.id));
    }

    @WithTransaction
    public Uni<ApiKey> revokeKey(String projectId, String keyId) {
        return find(projectId).chain(project -> keys.findForProject(project.id, keyId)).map(key -> {
            if (key == null) {
                throw ApiException.notFound("API key not found: " + (Ids.looksLike(Ids.API_KEY, keyId) ? keyId : "malformed id"));
            }
            if (key.revokedAt == null) {
                key.revokedAt = clock.instant();
            }
            return key;
        });
    }

    /** The project a presented key belongs to, or null when the key is unknown or revoked. */
    @WithSession
    public Uni<String> authenticate(String plaintext) {
        if (plaintext == null || !plaintext.startsWith(ApiKey.PLAINTEXT_PREFIX) || plaintext.length() > 200) {
            return Uni.createFrom().nullItem();
        }
        return keys.findActiveByHash(Hashing.sha256Hex(plaintext)).map(key -> key == null ? null : key.projectId);
    }
}
