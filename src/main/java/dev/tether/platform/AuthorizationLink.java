package dev.tether.platform;

import java.util.Optional;

/**
 * The link to send the user to.
 *
 * @param attemptKey the value the platform will send back instead of {@code state}, when it has its own
 *                   (X OAuth 1.0a's {@code oauth_token}); empty means the state identifies the attempt
 * @param platformSecret a secret the callback will need (OAuth 1.0a token secret, Bluesky app password);
 *                       stored encrypted on the attempt and purged with it
 */
public record AuthorizationLink(String url, Optional<String> attemptKey, Optional<String> platformSecret) {

    public static AuthorizationLink of(String url) {
        return new AuthorizationLink(url, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "AuthorizationLink[hidden]";
    }
}
