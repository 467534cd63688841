package dev.tether.account;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tether.common.SecretBox;

/**
 * A social account as the API and webhooks show it (the hosted API's field names). A Bluesky app password is
 * never part of it; tokens are empty strings on a disconnected account, as the hosted API answers.
 */
public record SocialAccountView(
        String id,
        String platform,
        String username,
        String userId,
        String profilePhotoUrl,
        String status,
        String externalId,
        String accessToken,
        String refreshToken,
        Instant accessTokenExpiresAt,
        Instant refreshTokenExpiresAt,
        Map<String, Object> metadata) {

    public static SocialAccountView of(SocialAccount account, SecretBox box) {
        String access = box.decrypt(account.accessToken, SocialAccount.accessTokenContext(account.id));
        String refresh = box.decrypt(account.refreshToken, SocialAccount.refreshTokenContext(account.id));
        return new SocialAccountView(account.id, account.platform, account.username, account.userId,
                account.profilePhotoUrl, account.status, account.externalId,
                access == null ? "" : access, refresh == null ? "" : refresh,
                account.accessTokenExpiresAt, account.refreshTokenExpiresAt, metadata(account.metadata));
    }

    private static Map<String, Object> metadata(Map<String, Object> stored) {
        if (stored == null || !stored.containsKey(SocialAccount.APP_PASSWORD_METADATA_KEY)) {
            return stored;
        }
        Map<String, Object> shown = new LinkedHashMap<>(stored);
        shown.remove(SocialAccount.APP_PASSWORD_METADATA_KEY);
        return shown;
    }

    @Override
    public String toString() {
        return "SocialAccountView[id=" + id + ", platform=" + platform + ", status=" + status + "]";
    }
}
