package dev.tether.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.tether.webhook.WebhooksConfig;

/** The suite's webhook settings with some changed, for the dispatchers and outboxes a test builds itself. */
public final class DispatcherSettings implements WebhooksConfig {

    private final WebhooksConfig base;
    private Boolean allowPrivateTargets;
    private Integer maxInFlight;
    private Integer maxInFlightPerWebhook;
    private Integer batchSize;
    private Duration timeout;
    private Boolean includeTokens;
    private Boolean sendSecretHeader;

    public DispatcherSettings(WebhooksConfig base) {
        this.base = base;
    }

    public DispatcherSettings allowPrivateTargets(boolean value) {
        allowPrivateTargets = value;
        return this;
    }

    public DispatcherSettings maxInFlight(int value) {
        maxInFlight = value;
        return this;
    }

    public DispatcherSettings maxInFlightPerWebhook(int value) {
        maxInFlightPerWebhook = value;
        return this;
    }

    public DispatcherSettings timeout(Duration value) {
        timeout = value;
        return this;
    }

    public DispatcherSettings includeTokens(boolean value) {
        includeTokens = value;
        return this;
    }

    public DispatcherSettings sendSecretHeader(boolean value) {
        sendSecretHeader = value;
        return this;
    }

    public DispatcherSettings batchSize(int value) {
        batchSize = value;
        return this;
    }

    @Override
    public List<Duration> retrySchedule() {
        return base.retrySchedule();
    }

    @Override
    public double jitter() {
        return base.jitter();
    }

    @Override
    public Duration maxRetryAfter() {
        return base.maxRetryAfter();
    }

    @Override
    public boolean allowPrivateTargets() {
        return allowPrivateTargets != null ? allowPrivateTargets : base.allowPrivateTargets();
    }

    @Override
    public Duration timeout() {
        return timeout != null ? timeout : base.timeout();
    }

    @Override
    public boolean includeTokens() {
        return includeTokens != null ? includeTokens : base.includeTokens();
    }

    @Override
    public boolean sendSecretHeader() {
        return sendSecretHeader != null ? sendSecretHeader : base.sendSecretHeader();
    }

    @Override
    public boolean deliver() {
        return true;
    }

    @Override
    public boolean listen() {
        return false;
    }

    @Override
    public Duration pollInterval() {
        return base.pollInterval();
    }

    @Override
    public Optional<Duration> lease() {
        return timeout != null ? Optional.empty() : base.lease();
    }

    @Override
    public int maxInFlight() {
        return maxInFlight != null ? maxInFlight : base.maxInFlight();
    }

    @Override
    public int maxInFlightPerWebhook() {
        return maxInFlightPerWebhook != null ? maxInFlightPerWebhook : base.maxInFlightPerWebhook();
    }

    @Override
    public int batchSize() {
        return batchSize != null ? batchSize : base.batchSize();
    }

    @Override
    public Duration retention() {
        return base.retention();
    }

    @Override
    public Duration shutdownGrace() {
        return base.shutdownGrace();
    }
}
