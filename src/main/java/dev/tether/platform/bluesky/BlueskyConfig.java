package dev.tether.platform.bluesky;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Bluesky accounts sign in; can point at another PDS, a proxy or a test server. */
@ConfigMapping(prefix = "tether.platforms.bluesky")
public interface BlueskyConfig {

    /** The PDS (or entryway) that serves {@code com.atproto.server.createSession} and {@code app.bsky.actor.getProfile}. */
    @WithDefault("https://bsky.social")
    String pdsUrl();
}
