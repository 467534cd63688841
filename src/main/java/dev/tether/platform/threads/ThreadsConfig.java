package dev.tether.platform.threads;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Threads endpoints; each can point elsewhere, for tests or a proxy. */
@ConfigMapping(prefix = "tether.platforms.threads")
public interface ThreadsConfig {

    /** Threads API version used in the default profile URL. */
    @WithDefault("v1.0")
    String apiVersion();

    /** Threads consent page. */
    @WithDefault("https://threads.net/oauth/authorize")
    String authorizeUrl();

    /** Code exchange (form POST). */
    @WithDefault("https://graph.threads.net/oauth/access_token")
    String tokenUrl();

    /** Long-lived token exchange ({@code th_exchange_token}). */
    @WithDefault("https://graph.threads.net/access_token")
    String exchangeUrl();

    /** The user's profile ({@code /me}). */
    @WithDefault("https://graph.threads.net/${tether.platforms.threads.api-version}/me")
    String profileUrl();
}
