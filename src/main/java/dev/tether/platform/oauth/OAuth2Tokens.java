package dev.tether.platform.oauth;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;

/** Reading an RFC 6749 token response, with expiries made absolute from {@code expires_in} seconds. */
public final class OAuth2Tokens {

    public static final String STEP = "token exchange";

    private OAuth2Tokens() {
    }

    /** The body of a successful token response; a non-2xx answer or an {@code error} field fails cleanly. */
    public static JsonNode requireTokenResponse(PlatformResponse response) {
        if (!response.ok() || response.body().path("error").isTextual()) {
            throw new PlatformException(STEP + " failed: " + PlatformHttp.describeError(response));
        }
        return response.body();
    }

    /** {@code access_token}, {@code refresh_token}, {@code expires_in} and the refresh token's lifetime. */
    public static Tokens parse(JsonNode body, Clock clock) {
        String access = text(body, "access_token");
        if (access == null) {
            throw new PlatformException(STEP + " failed: the platform returned no access token");
        }
        Instant now = clock.instant();
        JsonNode refreshLifetime = body.has("refresh_token_expires_in")
                ? body.get("refresh_token_expires_in")
                : body.path("refresh_expires_in");
        return new Tokens(access, text(body, "refresh_token"), expiry(body.path("expires_in"), now),
                expiry(refreshLifetime, now));
    }

    /** {@code now + seconds}, for a number or a numeric string; null when absent or not positive. */
    public static Instant expiry(JsonNode seconds, Instant now) {
        long value;
        if (seconds.isNumber()) {
            value = seconds.asLong();
        } else if (seconds.isTextual()) {
            try {
                value = Long.parseLong(seconds.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return value > 0 ? now.plusSeconds(value) : null;
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isTextual() && !value.asText().isEmpty()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return value.asText();
        }
        return null;
    }
}
