package dev.tether.platform.pinterest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Pinterest (API v5) endpoints; each can point elsewhere, for tests or a proxy. */
@ConfigMapping(prefix = "tether.platforms.pinterest")
public interface PinterestConfig {

    /** OAuth consent page. */
    @WithDefault("https://www.pinterest.com/oauth/")
    String authorizeUrl();

    /** OAuth token endpoint (client authentication with HTTP Basic). */
    @WithDefault("https://api.pinterest.com/v5/oauth/token")
    String tokenUrl();

    /** The authenticated user's account. */
    @WithDefault("https://api.pinterest.com/v5/user_account")
    String userAccountUrl();
}
