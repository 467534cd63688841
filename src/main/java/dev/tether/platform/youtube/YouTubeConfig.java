package dev.tether.platform.youtube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** YouTube (Google OAuth 2.0 and the YouTube Data API) endpoints; each can point elsewhere, for tests or a proxy. */
@ConfigMapping(prefix = "tether.platforms.youtube")
public interface YouTubeConfig {

    /** Google's OAuth 2.0 consent page. */
    @WithDefault("https://accounts.google.com/o/oauth2/v2/auth")
    String authorizeUrl();

    /** Google's OAuth 2.0 token endpoint. */
    @WithDefault("https://oauth2.googleapis.com/token")
    String tokenUrl();

    /** YouTube Data API v3 {@code channels} resource, listed with {@code part=snippet&mine=true}. */
    @WithDefault("https://www.googleapis.com/youtube/v3/channels")
    String channelsUrl();
}
