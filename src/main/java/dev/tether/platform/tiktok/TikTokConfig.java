package dev.tether.platform.tiktok;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** TikTok (Login Kit and Display API) endpoints; each can point elsewhere, for tests or a proxy. */
@ConfigMapping(prefix = "tether.platforms.tiktok")
public interface TikTokConfig {

    /** Login Kit consent page. */
    @WithDefault("https://www.tiktok.com/v2/auth/authorize/")
    String authorizeUrl();

    /** OAuth 2.0 token endpoint (form post with {@code client_key} and {@code client_secret}). */
    @WithDefault("https://open.tiktokapis.com/v2/oauth/token/")
    String tokenUrl();

    /** The authenticated user's profile (Display API {@code user/info}). */
    @WithDefault("https://open.tiktokapis.com/v2/user/info/")
    String userInfoUrl();
}
