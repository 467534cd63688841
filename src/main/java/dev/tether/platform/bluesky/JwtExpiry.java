package dev.tether.platform.bluesky;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the {@code exp} claim of a JWT the PDS issued, to record when the token stops working. The signature
 * is not checked: Tether only stores the token for the app, it does not trust its claims for anything else.
 */
final class JwtExpiry {

    private JwtExpiry() {
    }

    /** The expiry, or null when the token is not a JWT or carries no numeric {@code exp}. */
    static Instant of(String jwt, ObjectMapper mapper) {
        if (jwt == null) {
            return null;
        }
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = mapper.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.canConvertToLong() && exp.asLong() > 0 ? Instant.ofEpochSecond(exp.asLong())
                    : null;
        } catch (Exception e) {
            return null;
        }
    }
}
