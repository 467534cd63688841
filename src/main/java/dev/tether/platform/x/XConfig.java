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

    /** The authenticated user's profile. */
    @WithDefault("https://api.x.com/2/users/me")
    String usersMeUrl();
}
