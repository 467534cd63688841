package dev.tether.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again. Step {@code n} of the schedule is the delay before attempt {@code n + 1}; each
 * delay is spread by the jitter so that receivers coming back from an outage are not hit by every retry at once.
 * A receiver's {@code Retry-After} (seconds or an HTTP date) pushes the next attempt later, never earlier.
 */
public final class RetryPolicy {

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration maxRetryAfter;

    public RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("tether.webhooks.retry-schedule must list at least one delay");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("tether.webhooks.jitter must be at least 0 and below 1");
        }
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
    }

    public static RetryPolicy of(WebhooksConfig config) {
        return new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter());
    }

    /** Attempts an event gets before it is marked failed. */
    public int maxAttempts() {
        return schedule.size();
    }

    /** Delay of the first attempt after the event is written (normally zero). */
    public Duration firstDelay() {
        return schedule.get(0);
    }

    /**
     * The wait after attempt {@code attempt} (1-based, counted since the event was queued) failed, or empty when
     * it was the last one. {@code random} yields values in [0, 1).
     */
    public Optional<Duration> nextDelay(int attempt, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (attempt >= schedule.size()) {
            return Optional.empty();
        }
        Duration step = schedule.get(attempt);
        long millis = step.toMillis();
        if (millis > 0 && jitter > 0) {
            millis = Math.round(millis * (1 + jitter * (2 * random.getAsDouble() - 1)));
        }
        Duration delay = Duration.ofMillis(Math.max(0, millis));
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return Optional.of(delay);
    }

    /** A {@code Retry-After} header as a wait from {@code now}; empty when absent or unreadable. */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // too large to be meant
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
