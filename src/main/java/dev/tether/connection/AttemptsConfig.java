package dev.tether.connection;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long links live and how the attempt job treats them. */
@ConfigMapping(prefix = "tether.attempts")
public interface AttemptsConfig {

    /** Inactivity after which a pending attempt is marked abandoned (the link keeps working until purged). */
    @WithDefault("30m")
    Duration abandonAfter();

    /** How often the attempt job runs. */
    @WithDefault("1m")
    Duration sweepInterval();

    /** Age after which an attempt's state hash and secrets are erased, so its link is dead. */
    @WithDefault("24h")
    Duration retention();

    /** Time after which an attempt still in processing (its instance crashed mid-callback) is failed. */
    @WithDefault("5m")
    Duration processingTimeout();
}
