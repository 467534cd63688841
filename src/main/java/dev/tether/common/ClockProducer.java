package dev.tether.common;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one clock every timestamp comes from, so that tests can reason about time. */
public class ClockProducer {

    /** UTC, ticking in microseconds: what PostgreSQL stores, so values read back compare equal. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
