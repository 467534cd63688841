package dev.tether.platform.oauth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How Tether talks to platforms. */
@ConfigMapping(prefix = "tether.platforms.http")
public interface PlatformHttpConfig {

    /** Time limit for one request to a platform (connect plus response). */
    @WithDefault("15s")
    Duration timeout();

    /** Time limit for a whole callback's platform work (code exchange plus account listing and paging). */
    @WithDefault("60s")
    Duration connectionTimeout();
}
