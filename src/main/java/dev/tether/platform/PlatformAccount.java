package dev.tether.platform;

import java.time.Instant;
import java.util.Map;

/**
 * One account a connection yielded, as the platform describes it.
 *
 * @param refusal why the platform does not let this account be used (for example a Page without a
 *                publishing token); null for a usable account. Refused accounts are stored disconnected and
 *                reported in {@code failedAccountIds}.
 * @param appPassword a Bluesky app password to keep (encrypted) for signing in again; null elsewhere
 */
public record PlatformAccount(
        String userId,
        String username,
        String profilePhotoUrl,
        String accessToken,
        String refreshToken,
        Instant accessTokenExpiresAt,
        Instant refreshTokenExpiresAt,
        Map<String, Object> metadata,
        String appPassword,
        String refusal) {

    public static PlatformAccount connected(String userId, String username, String photoUrl, Tokens tokens,
            Map<String, Object> metadata) {
        return new PlatformAccount(userId, username, photoUrl, tokens.accessToken(), tokens.refreshToken(),
                tokens.accessTokenExpiresAt(), tokens.refreshTokenExpiresAt(), metadata, null, null);
    }

    public static PlatformAccount refused(String userId, String username, String photoUrl, String reason,
            Map<String, Object> metadata) {
        return new PlatformAccount(userId, username, photoUrl, null, null, null, null, metadata, null, reason);
    }

    public PlatformAccount withAppPassword(String password) {
        return new PlatformAccount(userId, username, profilePhotoUrl, accessToken, refreshToken, accessTokenExpiresAt,
                refreshTokenExpiresAt, metadata, password, refusal);
    }

    public boolean usable() {
        return refusal == null;
    }

    @Override
    public String toString() {
        return "PlatformAccount[userId=" + userId + ", username=" + username + ", refusal=" + refusal + "]";
    }
}
