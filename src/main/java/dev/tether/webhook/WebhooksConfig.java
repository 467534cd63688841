package dev.tether.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook delivery: retries, target rules, payload contents and the dispatcher's limits. */
@ConfigMapping(prefix = "tether.webhooks")
public interface WebhooksConfig {

    /**
     * Delay before each attempt, the first one included: the Standard Webhooks schedule, about three days in all.
     * An event still failing after the last step is marked {@code failed}.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** Random spread applied to every retry delay, as a fraction of it (0.1 = ±10 %). */
    @WithDefault("0.1")
    double jitter();

    /** Longest wait a receiver's {@code Retry-After} can ask for; longer values are capped to it. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** Allow webhook URLs on loopback, private, link-local and cloud metadata addresses (dev and tests only). */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Time limit for one delivery attempt: connecting, sending and receiving the response status. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * Put the accounts' access and refresh tokens in account events, as the hosted API does. Off: both are
     * {@code null} and the app reads them with {@code GET /v1/social-accounts/{id}}.
     */
    @WithDefault("true")
    boolean includeTokens();

    /**
     * Send the secret itself in {@code Post-For-Me-Webhook-Secret}, as the hosted API does, for apps that compare
     * it. Apps that verify {@code webhook-signature} can turn it off, so that the secret never travels.
     */
    @WithDefault("true")
    boolean sendSecretHeader();

    /** Run the dispatcher on this instance (the outbox is always written). */
    @WithDefault("true")
    boolean deliver();

    /** Wake the dispatcher with PostgreSQL LISTEN/NOTIFY as soon as a transaction that wrote events commits. */
    @WithDefault("true")
    boolean listen();

    /** Safety-net poll: catches retries that fell due and deliveries whose instance stopped. */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long a claimed delivery is reserved for the instance that claimed it; if no outcome is recorded by
     * then (the instance died), another instance retries it. Default: the timeout plus 30 seconds.
     */
    Optional<Duration> lease();

    /** Deliveries in flight at once on this instance. */
    @WithDefault("256")
    int maxInFlight();

    /** Deliveries in flight at once to one webhook, so a slow receiver cannot take every slot. */
    @WithDefault("16")
    int maxInFlightPerWebhook();

    /** Most rows one claim statement takes. */
    @WithDefault("100")
    int batchSize();

    /** How long delivered and failed events stay in the delivery log. */
    @WithDefault("30d")
    Duration retention();

    /** How long shutdown waits for deliveries in flight to finish and be recorded. */
    @WithDefault("5s")
    Duration shutdownGrace();

    default Duration effectiveLease() {
        return lease().orElse(timeout().plusSeconds(30));
    }
}
