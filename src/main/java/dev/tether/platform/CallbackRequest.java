package dev.tether.platform;

import java.util.List;

/**
 * What the callback hands a platform to finish a connection.
 *
 * @param redirectUri the redirect URI sent in the authorization request, to be repeated byte for byte
 * @param codeVerifier the PKCE verifier (null for platforms without PKCE)
 * @param platformSecret the secret stored by {@link AuthorizationLink#platformSecret()}, decrypted
 */
public record CallbackRequest(
        String projectId,
        String attemptId,
        String variant,
        Credentials credentials,
        String redirectUri,
        String codeVerifier,
        String platformSecret,
        List<String> scopes,
        CallbackParams params) {

    @Override
    public String toString() {
        return "CallbackRequest[projectId=" + projectId + ", attemptId=" + attemptId + ", variant=" + variant + "]";
    }
}
