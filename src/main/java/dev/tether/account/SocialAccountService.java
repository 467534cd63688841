package dev.tether.account;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.ApiException;
import dev.tether.common.Ids;
import dev.tether.common.PageRequest;
import dev.tether.common.Requests;
import dev.tether.common.SecretBox;
import dev.tether.common.Slice;
import dev.tether.common.Timestamps;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformRegistry;
import dev.tether.webhook.WebhookOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The social accounts API of a project: reads on a session, and each write (update, disconnect, delete, direct
 * create) in one transaction of its own, with its webhook events ({@code social.account.updated} for update and
 * disconnect, {@code social.account.created} for direct create, none for delete) written in that transaction.
 */
@ApplicationScoped
public class SocialAccountService {

    static final String NOT_FOUND = "Social account not found";
    private static final int MAX_ID = 255;
    private static final int MAX_USERNAME = 255;
    private static final int MAX_TOKEN = 16_384;

    private final SocialAccountRepository repository;
    private final PlatformRegistry platforms;
    private final SecretBox box;
    private final Clock clock;
    private final WebhookOutbox webhooks;

    public SocialAccountService(SocialAccountRepository repository, PlatformRegistry platforms, SecretBox box,
            Clock clock, WebhookOutbox webhooks) {
        this.repository = repository;
        this.platforms = platforms;
        this.box = box;
        this.clock = clock;
        this.webhooks = webhooks;
    }

    @WithSession
    public Uni<Slice<SocialAccountView>> list(SocialAccountFilter filter, PageRequest page) {
        return page.fetch(repository.search(filter), this::view);
    }

    @WithSession
    public Uni<SocialAccountView> find(String projectId, String id) {
        if (!Ids.looksLike(Ids.SOCIAL_ACCOUNT, id)) {
            return Uni.createFrom().failure(ApiException.notFound(NOT_FOUND));
        }
        return repository.findForProject(projectId, id).map(account -> view(require(account)));
    }

    /** Changes {@code username} and/or {@code external_id}; fields not given stay as they are. */
    @WithTransaction
    public Uni<SocialAccountView> update(String projectId, String id, UpdateSocialAccountRequest request) {
        String username = Requests.optionalText("username", request.username(), MAX_USERNAME);
        String externalId = Requests.optionalText("external_id", request.externalId(), MAX_ID);
        return lock(projectId, id).invoke(account -> {
            if (username != null) {
                account.username = username;
            }
            if (externalId != null) {
                account.externalId = externalId;
            }
            account.updatedAt = clock.instant();
        }).call(webhooks::accountUpdated).map(this::view);
    }

    /**
     * Erases the account's tokens, their expiries and any app password, and marks it disconnected. The row, its id,
     * external id and metadata stay: a later connection of the same platform account reconnects this row.
     */
    @WithTransaction
    public Uni<SocialAccountView> disconnect(String projectId, String id) {
        return lock(projectId, id).invoke(account -> {
            account.accessToken = null;
            account.refreshToken = null;
            account.appPassword = null;
            account.accessTokenExpiresAt = null;
            account.refreshTokenExpiresAt = null;
            account.status = SocialAccount.DISCONNECTED;
            account.updatedAt = clock.instant();
        }).call(webhooks::accountUpdated).map(this::view);
    }

    /** Deletes the row; a later connection of the same platform account creates a new one with a new id. */
    @WithTransaction
    public Uni<Void> delete(String projectId, String id) {
        return lock(projectId, id).chain(account -> repository.delete(account));
    }

    /**
     * Creates the account, or overwrites the project's account with the same platform and {@code user_id} (which
     * keeps its id). The body is the account's whole credential set: tokens, expiries, app password and metadata
     * are replaced; {@code username} and {@code external_id} change only when given; the profile photo stays.
     * Validation happens before the transaction.
     */
    public Uni<SocialAccountView> create(String projectId, CreateSocialAccountRequest request) {
        Input input = validate(request);
        return Panache.withTransaction(() -> upsert(projectId, input));
    }

    private Uni<SocialAccountView> upsert(String projectId, Input input) {
        Instant now = clock.instant();
        return repository.lockOrCreate(projectId, input.platform(), input.userId(), now).map(account -> {
            if (input.username() != null) {
                account.username = input.username();
            }
            if (input.externalId() != null) {
                account.externalId = input.externalId();
            }
            account.accessToken = box.encrypt(input.accessToken(), SocialAccount.accessTokenContext(account.id));
            account.refreshToken = box.encrypt(input.refreshToken(), SocialAccount.refreshTokenContext(account.id));
            account.appPassword = box.encrypt(input.appPassword(), SocialAccount.appPasswordContext(account.id));
            account.accessTokenExpiresAt = input.accessTokenExpiresAt();
            account.refreshTokenExpiresAt = input.refreshTokenExpiresAt();
            account.metadata = input.metadata();
            account.status = SocialAccount.CONNECTED;
            account.updatedAt = now;
            return account;
        }).call(account -> webhooks.accountsConnected(projectId, List.of(account))).map(this::view);
    }

    /** A create request, checked and normalized. */
    private record Input(String platform, String userId, String username, String externalId, String accessToken,
            Instant accessTokenExpiresAt, String refreshToken, Instant refreshTokenExpiresAt, String appPassword,
            Map<String, Object> metadata) {
    }

    private Input validate(CreateSocialAccountRequest request) {
        Requests.requireBody(request);
        String platform = platform(request.platform());
        String userId = Requests.requiredText("user_id", request.userId(), MAX_ID);
        String accessToken = Requests.requiredText("access_token", request.accessToken(), MAX_TOKEN);
        if (request.accessTokenExpiresAt() == null) {
            throw ApiException.badRequest("access_token_expires_at: is required");
        }
        Instant accessExpiry = Timestamps.parse("access_token_expires_at", request.accessTokenExpiresAt());
        String refreshToken = request.refreshToken() == null || request.refreshToken().isEmpty()
                ? null
                : Requests.optionalText("refresh_token", request.refreshToken(), MAX_TOKEN);
        Instant refreshExpiry = Timestamps.parse("refresh_token_expires_at", request.refreshTokenExpiresAt());
        String username = Requests.optionalText("username", request.username(), MAX_USERNAME);
        String externalId = Requests.optionalText("external_id", request.externalId(), MAX_ID);

        Map<String, Object> metadata = new LinkedHashMap<>();
        if (request.metadata() != null) {
            metadata.putAll(request.metadata());
        }
        String appPassword = null;
        if (metadata.containsKey(SocialAccount.APP_PASSWORD_METADATA_KEY)) {
            Object value = metadata.remove(SocialAccount.APP_PASSWORD_METADATA_KEY);
            if (value != null) {
                if (!(value instanceof String text)) {
                    throw ApiException.badRequest("metadata." + SocialAccount.APP_PASSWORD_METADATA_KEY
                            + ": must be a string");
                }
                appPassword = Requests.optionalText("metadata." + SocialAccount.APP_PASSWORD_METADATA_KEY, text,
                        MAX_TOKEN);
            }
        }
        return new Input(platform, userId, username, externalId, accessToken, accessExpiry, refreshToken,
                refreshExpiry, appPassword, metadata);
    }

    private String platform(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("platform: is required; one of " + String.join(", ", platforms.names()));
        }
        return platforms.find(name).orElseThrow(() -> ApiException.badRequest("platform: unknown platform '"
                + PlatformErrors.code(name) + "'; one of " + String.join(", ", platforms.names()))).name();
    }

    private Uni<SocialAccount> lock(String projectId, String id) {
        if (!Ids.looksLike(Ids.SOCIAL_ACCOUNT, id)) {
            return Uni.createFrom().failure(ApiException.notFound(NOT_FOUND));
        }
        return repository.findForProjectForUpdate(projectId, id).map(SocialAccountService::require);
    }

    private static SocialAccount require(SocialAccount account) {
        if (account == null) {
            throw ApiException.notFound(NOT_FOUND);
        }
        return account;
    }

    private SocialAccountView view(SocialAccount account) {
        return SocialAccountView.of(account, box);
    }
}
