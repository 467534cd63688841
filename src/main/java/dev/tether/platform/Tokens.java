package dev.tether.platform;

import java.time.Instant;

/** The tokens a platform granted, with absolute expiry times (null when the platform gives none). */
public record Tokens(String accessToken, String refreshToken, Instant accessTokenExpiresAt,
        Instant refreshTokenExpiresAt) {

    @Override
    public String toString() {
        return "Tokens[accessTokenExpiresAt=" + accessTokenExpiresAt + ", refreshTokenExpiresAt="
                + refreshTokenExpiresAt + "]";
    }
}
