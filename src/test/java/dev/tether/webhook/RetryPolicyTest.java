package dev.tether.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    private final RetryPolicy policy = new RetryPolicy(SCHEDULE, 0.1, Duration.ofHours(24));

    @Test
    void eachFailedAttemptWaitsTheNextStepAndTheTenthIsTheLast() {
        assertThat(policy.maxAttempts()).isEqualTo(10);
        assertThat(policy.firstDelay()).isZero();
        for (int attempt = 1; attempt < 10; attempt++) {
            assertThat(policy.nextDelay(attempt, Optional.empty(), () -> 0.5)).contains(SCHEDULE.get(attempt));
        }
        assertThat(policy.nextDelay(10, Optional.empty(), () -> 0.5)).isEmpty();
    }

    @Test
    void jitterSpreadsEachDelayByTenPercentEitherWay() {
        assertThat(policy.nextDelay(1, Optional.empty(), () -> 0.0)).contains(Duration.ofMillis(4500));
        assertThat(policy.nextDelay(1, Optional.empty(), () -> 0.999999)).hasValueSatisfying(
                d -> assertThat(d).isBetween(Duration.ofMillis(5499), Duration.ofMillis(5500)));
        assertThat(policy.nextDelay(9, Optional.empty(), () -> 0.0)).contains(Duration.ofHours(24).minusMinutes(144));
    }

    @Test
    void retryAfterPushesTheNextAttemptLaterButNeverEarlierAndIsCapped() {
        assertThat(policy.nextDelay(1, Optional.of(Duration.ofSeconds(120)), () -> 0.5)).contains(Duration.ofSeconds(120));
        assertThat(policy.nextDelay(2, Optional.of(Duration.ofSeconds(1)), () -> 0.5)).contains(Duration.ofMinutes(5));
        assertThat(policy.nextDelay(1, Optional.of(Duration.ofDays(30)), () -> 0.5)).contains(Duration.ofHours(24));
        assertThat(policy.nextDelay(10, Optional.of(Duration.ofSeconds(1)), () -> 0.5)).isEmpty();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RetryPolicy.parseRetryAfter("30", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:02:00 GMT", now)).contains(Duration.ofMinutes(2));
        assertThat(RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("-5", now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", now)).isEmpty();
    }

    @Test
    void anEmptyScheduleOrAJitterOfOneOrMoreIsAConfigurationError() {
        assertThatThrownBy(() -> new RetryPolicy(List.of(), 0.1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(SCHEDULE, 1.0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
