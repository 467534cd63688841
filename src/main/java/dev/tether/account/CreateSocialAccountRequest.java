package dev.tether.account;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import dev.tether.common.StrictString;

/**
 * Body of {@code POST /v1/social-accounts}: an account whose tokens the app obtained itself. Date-times are
 * ISO 8601 with an offset.
 */
public record CreateSocialAccountRequest(
        @Schema(required = true, description = "A platform Tether knows, e.g. x")
        @JsonDeserialize(using = StrictString.class) String platform,
        @Schema(required = true, description = "The account's id on the platform")
        @JsonDeserialize(using = StrictString.class) String userId,
        @Schema(required = true)
        @JsonDeserialize(using = StrictString.class) String accessToken,
        @Schema(required = true, example = "2025-01-31T12:00:00Z")
        @JsonDeserialize(using = StrictString.class) String accessTokenExpiresAt,
        @JsonDeserialize(using = StrictString.class) String username,
        @JsonDeserialize(using = StrictString.class) String externalId,
        @Schema(description = "Absent, null or empty: the account has no refresh token")
        @JsonDeserialize(using = StrictString.class) String refreshToken,
        @Schema(example = "2025-03-31T12:00:00Z")
        @JsonDeserialize(using = StrictString.class) String refreshTokenExpiresAt,
        @Schema(description = "Replaces the stored metadata. A bluesky_app_password in it is stored encrypted and "
                + "removed from the metadata.")
        Map<String, Object> metadata) {

    @Override
    public String toString() {
        return "CreateSocialAccountRequest[platform=" + platform + ", userId=" + userId + "]";
    }
}
