package dev.tether.account;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/social-accounts}: an account whose tokens the app obtained itself. Date-times are
 * ISO 8601 with an offset.
 */
public record CreateSocialAccountRequest(
        @Schema(required = true, description = "A platform Tether knows, e.g. x")
        String platform,
        @Schema(required = true, description = "The account's id on the platform")
        String userId,
        @Schema(required = true)
        String accessToken,
        @Schema(required = true, example = "2025-01-31T12:00:00Z")
        String accessTokenExpiresAt,
        String username,
        String externalId,
        @Schema(description = "Absent, null or empty: the account has no refresh token")
        String refreshToken,
        @Schema(example = "2025-03-31T12:00:00Z")
        String refreshTokenExpiresAt,
        @Schema(description = "Replaces the stored metadata. A bluesky_app_password in it is stored encrypted and "
                + "removed from the metadata.")
        Map<String, Object> metadata) {

    @Override
    public String toString() {
        return "CreateSocialAccountRequest[platform=" + platform + ", userId=" + userId + "]";
    }
}
