package dev.tether.platform;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a platform needs to build an authorization link.
 *
 * @param platformData this platform's entry of {@code platform_data} (a missing node when absent)
 * @param codeChallenge the PKCE S256 challenge; platforms without PKCE ignore it
 */
public record LinkRequest(
        String projectId,
        String attemptId,
        String variant,
        Credentials credentials,
        String redirectUri,
        String state,
        String codeChallenge,
        List<String> scopes,
        JsonNode platformData) {

    @Override
    public String toString() {
        return "LinkRequest[projectId=" + projectId + ", attemptId=" + attemptId + ", variant=" + variant + "]";
    }
}
