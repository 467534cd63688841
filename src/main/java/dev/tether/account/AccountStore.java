package dev.tether.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tether.common.SecretBox;
import dev.tether.platform.PlatformAccount;
import io.smallrye.mutiny.Uni;

/**
 * Stores the accounts a connection yielded, under the rules of the spec: one row per project, platform and
 * platform user id (a reconnect keeps the {@code spc_} id); an account owned by a different external id is not
 * taken over; an account the platform refused is kept disconnected with the reason in its metadata.
 */
@ApplicationScoped
public class AccountStore {

    /** Metadata key that says why an account could not be connected. */
    public static final String CONNECTION_ERROR = "connection_error";

    /** What a connection stored, in the order the platform listed the accounts. */
    public record Stored(List<String> accountIds, List<String> failedAccountIds, List<String> errors,
            List<SocialAccount> connected) {
    }

    private final SocialAccountRepository repository;
    private final SecretBox box;

    public AccountStore(SocialAccountRepository repository, SecretBox box) {
        this.repository = repository;
        this.box = box;
    }

    /** Runs inside the caller's transaction; the statements run one after another on its session. */
    public Uni<Stored> storeConnection(String projectId, String platform, String externalId,
            List<PlatformAccount> accounts, Instant now) {
        Map<String, PlatformAccount> unique = new LinkedHashMap<>();
        for (PlatformAccount account : accounts) {
            unique.putIfAbsent(account.userId(), account);
        }
        Stored stored = new Stored(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PlatformAccount account : unique.values()) {
            chain = chain.chain(() -> storeOne(projectId, platform, externalId, account, now, stored));
        }
        return chain.replaceWith(stored);
    }

    private Uni<Void> storeOne(String projectId, String platform, String externalId, PlatformAccount incoming,
            Instant now, Stored stored) {
        return repository.lockOrCreate(projectId, platform, incoming.userId(), now).invoke(account -> {
            if (externalId != null && account.externalId != null && !account.externalId.equals(externalId)) {
                stored.failedAccountIds().add(account.id);
                stored.errors().add("External Id already exists for account " + account.id
                        + ": it is connected for a different external_id");
                return;
            }
            apply(account, incoming, externalId, now);
            if (incoming.usable()) {
                stored.accountIds().add(account.id);
                stored.connected().add(account);
            } else {
                stored.failedAccountIds().add(account.id);
                stored.errors().add(incoming.refusal());
            }
        }).replaceWithVoid();
    }

    private void apply(SocialAccount account, PlatformAccount incoming, String externalId, Instant now) {
        if (incoming.username() != null) {
            account.username = incoming.username();
        }
        if (incoming.profilePhotoUrl() != null) {
            account.profilePhotoUrl = incoming.profilePhotoUrl();
        }
        if (externalId != null) {
            account.externalId = externalId;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (incoming.metadata() != null) {
            incoming.metadata().forEach((key, value) -> {
                if (value != null && !SocialAccount.APP_PASSWORD_METADATA_KEY.equals(key)) {
                    metadata.put(key, value);
                }
            });
        }
        if (incoming.usable()) {
            account.accessToken = box.encrypt(incoming.accessToken(), SocialAccount.accessTokenContext(account.id));
            account.refreshToken = box.encrypt(incoming.refreshToken(), SocialAccount.refreshTokenContext(account.id));
            account.accessTokenExpiresAt = incoming.accessTokenExpiresAt();
            account.refreshTokenExpiresAt = incoming.refreshTokenExpiresAt();
            if (incoming.appPassword() != null) {
                account.appPassword = box.encrypt(incoming.appPassword(), SocialAccount.appPasswordContext(account.id));
            }
            account.status = SocialAccount.CONNECTED;
        } else {
            account.accessToken = null;
            account.refreshToken = null;
            account.accessTokenExpiresAt = null;
            account.refreshTokenExpiresAt = null;
            metadata.put(CONNECTION_ERROR, incoming.refusal());
            account.status = SocialAccount.DISCONNECTED;
        }
        if (!Objects.equals(account.metadata, metadata)) {
            account.metadata = metadata;
        }
        account.updatedAt = now;
    }
}
