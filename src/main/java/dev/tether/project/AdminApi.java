package dev.tether.project;

import java.time.Instant;

/** Request and response types of the operator API. */
public final class AdminApi {

    private AdminApi() {
    }

    public record CreateProjectRequest(String name, String callbackUrl) {
    }

    public record ProjectView(String id, String name, String callbackUrl, Instant createdAt, Instant updatedAt) {
        static ProjectView of(Project project) {
            return new ProjectView(project.id, project.name, project.callbackUrl, project.createdAt, project.updatedAt);
        }
    }

    public record CreateApiKeyRequest(String name) {
    }

    /** The only answer that carries a key's plaintext. */
    public record ApiKeyCreated(String id, String key, String keyPrefix, String name, Instant createdAt) {
        @Override
        public String toString() {
            return "ApiKeyCreated[id=" + id + "]";
        }
    }

    public record ApiKeyView(String id, String keyPrefix, String name, Instant createdAt, Instant revokedAt) {
        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id, key.keyPrefix, key.name, key.createdAt, key.revokedAt);
        }
    }

    public record PutCredentialRequest(String clientId, String clientSecret, String variant) {
        @Override
        public String toString() {
            return "PutCredentialRequest[clientId=" + clientId + ", variant=" + variant + "]";
        }
    }

    /** Credentials as shown back: never the secret. */
    public record CredentialView(String platform, String variant, String clientId, Instant createdAt,
            Instant updatedAt) {
        static CredentialView of(PlatformCredential row) {
            return new CredentialView(row.platform, row.variant, row.clientId, row.createdAt, row.updatedAt);
        }
    }
}
