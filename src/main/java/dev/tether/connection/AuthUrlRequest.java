package dev.tether.connection;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST /v1/social-accounts/auth-url}, with the hosted API's field names. */
public record AuthUrlRequest(
        String platform,
        String externalId,
        JsonNode platformData,
        String redirectUrlOverride,
        List<String> permissions) {

    @Override
    public String toString() {
        return "AuthUrlRequest[platform=" + platform + "]";
    }
}
