package dev.tether.platform.x;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** X (Twitter) endpoints; each can point elsewhere, for tests or a proxy. */
@ConfigMapping(prefix = "tether.platforms.x")
public interface XConfig {

    /** OAuth 2.0 consent page. */
    @WithDefault("https://x.com/i/oauth2/authorize")
    String authorizeUrl();

    /** OAuth 2.0 token endpoint. */
    @WithDefault("https://api.x.com/2/oauth2/token")
    String tokenUrl();

    /** The authenticated user's profile (both variants). */
    @WithDefault("https://api.x.com/2/users/me")
    String usersMeUrl();

    /** OAuth 1.0a: where a request token is obtained when the link is created. */
    @WithDefault("https://api.x.com/oauth/request_token")
    String requestTokenUrl();

    /** OAuth 1.0a consent page, opened with {@code ?oauth_token=}. */
    @WithDefault("https://api.x.com/oauth/authorize")
    String oauth1AuthorizeUrl();

    /** OAuth 1.0a: where the verified request token is exchanged for an access token. */
    @WithDefault("https://api.x.com/oauth/access_token")
    String accessTokenUrl();
}
