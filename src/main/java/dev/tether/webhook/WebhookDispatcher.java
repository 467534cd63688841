package dev.tether.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.tether.common.SecretBox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Delivers the outbox. Safe to run on any number of instances against one database:
 * <ol>
 * <li>a <em>claim</em> is one short statement that takes due rows with {@code FOR UPDATE SKIP LOCKED}, marks
 * them {@code delivering} and leases them (their {@code next_attempt_at} becomes the end of the lease), so no two
 * dispatchers ever hold the same row, and a row whose dispatcher died becomes due again when its lease ends;</li>
 * <li>each claimed row is POSTed on its own, with no transaction open, under a time limit;</li>
 * <li>outcomes are written in batches, each guarded by the attempt number it belongs to, so a late outcome of
 * an attempt whose lease was taken over cannot overwrite the newer one.</li>
 * </ol>
 * A slow or hanging receiver holds at most {@code max-in-flight-per-webhook} slots: the claim leaves the rows
 * of a webhook that is at its limit for later, so other webhooks keep their pace.
 * <p>
 * Passes run one at a time per dispatcher; {@link #wake()} asks for one (the commit notification, the poll,
 * a retry falling due, a slot freeing up while rows are waiting).
 */
public final class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    static final String USER_AGENT = "Tether-Webhooks/1.0";

    /**
     * Takes up to {@code $5} due rows, at most {@code $2} in flight per webhook counting the {@code $3}/{@code $4}
     * deliveries this dispatcher already has in flight, and leases them until {@code $6}.
     */
    private static final String CLAIM = """
            with due_webhooks as (
                select distinct webhook_id
                  from webhook_event
                 where status in ('pending', 'delivering') and next_attempt_at <= $1
            ), slots as (
                select d.webhook_id, greatest($2 - coalesce(b.busy, 0), 0) as free
                  from due_webhooks d
                  left join unnest($3::text[], $4::int[]) as b(webhook_id, busy) on b.webhook_id = d.webhook_id
            ), picked as (
                select c.id
                  from slots s
                  cross join lateral (
                      select e.id
                        from webhook_event e
                       where e.webhook_id = s.webhook_id
                         and e.status in ('pending', 'delivering')
                         and e.next_attempt_at <= $1
                       order by e.next_attempt_at, e.created_at
                       limit s.free
                         for update skip locked) c
                 limit $5
            )
            update webhook_event e
               set status = 'delivering', attempts = e.attempts + 1, round_attempts = e.round_attempts + 1,
                   next_attempt_at = $6, last_attempt_at = $1, updated_at = $1
              from webhook w
             where e.id in (select id from picked) and w.id = e.webhook_id
            returning e.id, e.webhook_id, e.payload, e.attempts, e.round_attempts, w.url, w.secret,
                      w.status as webhook_status""";

    /** Records a batch of outcomes; rows whose attempt was taken over (lease ended) are left alone. */
    private static final String RECORD = """
            update webhook_event e
               set status = o.status, next_attempt_at = o.next_attempt_at, last_status_code = o.status_code,
                   last_error = o.error, delivered_at = coalesce(o.delivered_at, e.delivered_at), updated_at = o.at
              from unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::int[], $6::text[],
                          $7::timestamptz[], $8::timestamptz[])
                   as o(id, attempt, status, next_attempt_at, status_code, error, delivered_at, at)
             where e.id = o.id and e.status = 'delivering' and e.attempts = o.attempt""";

    /** A webhook whose receiver answered 410 Gone: disabled, and its queued events failed. */
    private static final String DISABLE = """
            with disabled as (
                update webhook set status = 'disabled', disabled_at = $2, disabled_reason = $3, updated_at = $2
                 where id = $1 and status = 'enabled'
                returning id)
            update webhook_event set status = 'failed', next_attempt_at = null, last_error = $4, updated_at = $2
             where webhook_id in (select id from disabled) and status = 'pending'""";

    private static final int MAX_OUTCOMES_PER_WRITE = 500;

    /** A claimed row. */
    record Claimed(String id, String webhookId, byte[] payload, int attempts, int roundAttempts, String url,
            byte[] secret, String webhookStatus) {
    }

    /** What one attempt came to, waiting to be written. */
    record Outcome(String id, int attempt, String status, Instant nextAttemptAt, Integer statusCode, String error,
            Instant deliveredAt, Instant at) {
    }

    /** A receiver's answer. */
    private record Answer(int status, String retryAfter) {
    }

    /** A delivery that failed before any answer; its message is safe to store and show. */
    static final class AttemptFailure extends RuntimeException {
        private final boolean retryable;

        AttemptFailure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }

    /** The "now" of a pass: the real clock, or a moved one (tests), advancing in real time from there. */
    private record TimeBase(Instant base, Instant realStart, Clock clock) {
        Instant now() {
            return base.plus(Duration.between(realStart, clock.instant()));
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final WebhooksConfig config;
    private final TargetPolicy targets;
    private final SecretBox box;
    private final Clock clock;
    private final RetryPolicy retries;
    private final HttpClient http;
    private final Duration lease;
    private final long timeoutMillis;

    // Guarded by this.
    private boolean running;
    private boolean passRunning;
    private boolean passRequested;
    private boolean backlog;
    private int inFlight;
    private final Map<String, Integer> inFlightPerWebhook = new HashMap<>();
    private final ArrayDeque<Pending> outcomes = new ArrayDeque<>();
    private boolean writing;
    private long timerId = -1;
    private Instant timerAt;
    private final List<CompletableFuture<Void>> idleWaiters = new ArrayList<>();
    private long attemptsStarted;

    private record Pending(Outcome outcome, CompletableFuture<Void> written) {
    }

    public WebhookDispatcher(Vertx vertx, Pool pool, WebhooksConfig config, TargetPolicy targets, SecretBox box,
            Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.targets = targets;
        this.box = box;
        this.clock = clock;
        this.retries = RetryPolicy.of(config);
        this.lease = config.effectiveLease();
        this.timeoutMillis = config.timeout().toMillis();
        if (lease.compareTo(config.timeout()) <= 0) {
            throw new IllegalStateException("tether.webhooks.lease must be longer than tether.webhooks.timeout");
        }
        int perWebhook = Math.max(1, config.maxInFlightPerWebhook());
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setTryUseCompression(false)
                .setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(perWebhook).setMaxWaitQueueSize(-1));
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts dispatching: a first pass right away (events left from before a restart), then on every wake-up. */
    public void start() {
        synchronized (this) {
            running = true;
        }
        wake();
    }

    /**
     * Stops claiming, and completes once the deliveries in flight have finished and their outcomes are written,
     * or after {@code grace}. Whatever is still unrecorded then is retried by a dispatcher when its lease ends.
     */
    public Uni<Void> stop(Duration grace) {
        CompletableFuture<Void> idle = new CompletableFuture<>();
        synchronized (this) {
            running = false;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
                timerAt = null;
            }
            idleWaiters.add(idle);
        }
        checkIdle();
        return Uni.createFrom().completionStage(idle)
                .ifNoItem().after(grace).recoverWithItem(() -> {
                    LOG.warnf("Stopped with %d webhook deliveries unrecorded; they are retried when their lease ends",
                            inFlightCount());
                    return null;
                });
    }

    public void close() {
        http.close().subscribe().with(ignored -> {
        }, failure -> {
        });
    }

    public synchronized boolean running() {
        return running;
    }

    public synchronized int inFlightCount() {
        return inFlight + outcomes.size();
    }

    /** Delivery attempts this dispatcher has started since it was created. */
    public synchronized long attemptsStarted() {
        return attemptsStarted;
    }

    // ---------------------------------------------------------------- passes

    /** Asks for a pass as of the real clock; coalesces with one already running. */
    public void wake() {
        synchronized (this) {
            if (!running) {
                return;
            }
            if (passRunning) {
                passRequested = true;
                return;
            }
            passRunning = true;
            passRequested = false;
        }
        runPass();
    }

    private void runPass() {
        TimeBase time = new TimeBase(clock.instant(), clock.instant(), clock);
        claimAndStart(time).subscribe().with(claim -> afterPass(!claim.started().isEmpty()),
                failure -> {
                    LOG.warnf("Webhook claim failed (%s); retrying on the next wake-up", failure.getMessage());
                    afterPass(false);
                });
    }

    /**
     * After a pass: another one at once if it was asked for, or if this one found work (more may be due, or
     * rows another dispatcher held for a moment); the passes stop at the first that finds nothing.
     */
    private void afterPass(boolean foundWork) {
        boolean again;
        synchronized (this) {
            again = running && (passRequested || foundWork);
            passRequested = false;
            if (!again) {
                passRunning = false;
            }
        }
        if (again) {
            runPass();
        }
    }

    /**
     * One pass as of {@code now} (tests move time with it): claims what is due and delivers it. Completes when
     * those deliveries are finished and recorded, with how many there were.
     */
    public Uni<Integer> dispatchDue(Instant now) {
        TimeBase time = new TimeBase(now, clock.instant(), clock);
        return claimAndStart(time).chain(claim -> {
            List<CompletableFuture<Void>> started = claim.started();
            if (started.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Uni.createFrom().completionStage(CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)))
                    .replaceWith(started.size());
        });
    }

    /** What a pass claimed: one future per delivery, complete when its outcome is recorded. */
    private record Claim(List<CompletableFuture<Void>> started) {
    }

    /** Claims what this dispatcher has room for and starts each delivery. */
    private Uni<Claim> claimAndStart(TimeBase time) {
        int limit;
        String[] busyIds;
        Integer[] busyCounts;
        synchronized (this) {
            limit = Math.min(config.batchSize(), config.maxInFlight() - inFlight);
            if (limit <= 0) {
                backlog = true; // a slot freeing up wakes a pass
                return Uni.createFrom().item(new Claim(List.of()));
            }
            busyIds = inFlightPerWebhook.keySet().toArray(String[]::new);
            busyCounts = new Integer[busyIds.length];
            for (int i = 0; i < busyIds.length; i++) {
                busyCounts[i] = inFlightPerWebhook.get(busyIds[i]);
                if (busyCounts[i] >= config.maxInFlightPerWebhook()) {
                    backlog = true; // its due rows wait for a slot
                }
            }
        }
        Instant now = time.now();
        Tuple params = Tuple.tuple()
                .addValue(utc(now))
                .addValue(config.maxInFlightPerWebhook())
                .addArrayOfString(busyIds)
                .addArrayOfInteger(busyCounts)
                .addValue(limit)
                .addValue(utc(now.plus(lease)));
        return pool.preparedQuery(CLAIM).execute(params).map(rows -> {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (Row row : rows) {
                Claimed claimed = new Claimed(row.getString("id"), row.getString("webhook_id"),
                        row.getBuffer("payload").getBytes(), row.getInteger("attempts"),
                        row.getInteger("round_attempts"), row.getString("url"), row.getBuffer("secret").getBytes(),
                        row.getString("webhook_status"));
                started.add(start(claimed, time));
            }
            return new Claim(started);
        });
    }

    private CompletableFuture<Void> start(Claimed claimed, TimeBase time) {
        synchronized (this) {
            attemptsStarted++;
            inFlight++;
            inFlightPerWebhook.merge(claimed.webhookId(), 1, Integer::sum);
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        Uni.createFrom().deferred(() -> attempt(claimed, time))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "Webhook event %s: unexpected failure of a delivery attempt", claimed.id());
                    return retryOrFail(claimed, time.now(), null, Optional.empty(),
                            "the delivery failed inside Tether; it will be retried");
                })
                .subscribe().with(outcome -> {
                    if (!WebhookEvent.DELIVERED.equals(outcome.status())) {
                        LOG.debugf("Webhook event %s (webhook %s), attempt %d: %s; now %s", claimed.id(),
                                claimed.webhookId(), claimed.attempts(), outcome.error(), outcome.status());
                    }
                    finish(claimed, outcome, written);
                });
        return written;
    }

    private void finish(Claimed claimed, Outcome outcome, CompletableFuture<Void> written) {
        boolean wakeUp;
        synchronized (this) {
            inFlight--;
            inFlightPerWebhook.computeIfPresent(claimed.webhookId(), (id, count) -> count > 1 ? count - 1 : null);
            outcomes.add(new Pending(outcome, written));
            wakeUp = backlog && running;
            if (wakeUp) {
                backlog = false;
            }
        }
        writeOutcomes();
        if (wakeUp) {
            wake();
        }
    }

    // ---------------------------------------------------------------- one attempt

    private Uni<Outcome> attempt(Claimed claimed, TimeBase time) {
        if (Webhook.DISABLED.equals(claimed.webhookStatus())) {
            return Uni.createFrom().item(failed(claimed, time.now(), null, "the webhook is disabled"));
        }
        String body;
        String secret;
        try {
            body = box.decrypt(claimed.payload(), WebhookEvent.payloadContext(claimed.id()));
            secret = box.decrypt(claimed.secret(), Webhook.secretContext(claimed.webhookId()));
        } catch (IllegalStateException e) {
            return Uni.createFrom().item(failed(claimed, time.now(), null,
                    "the event cannot be decrypted with the configured tether.encryption-key"));
        }
        URI uri = URI.create(claimed.url());
        return server(uri)
                .chain(server -> send(claimed, uri, server, body, secret))
                .map(answer -> judge(claimed, answer, time.now()))
                .onFailure(AttemptFailure.class).recoverWithItem(failure -> {
                    AttemptFailure attemptFailure = (AttemptFailure) failure;
                    return attemptFailure.retryable
                            ? retryOrFail(claimed, time.now(), null, Optional.empty(), failure.getMessage())
                            : failed(claimed, time.now(), null, failure.getMessage());
                });
    }

    /**
     * Where to connect. With private targets allowed the client resolves the host itself; otherwise the host is
     * resolved here (on a worker thread), every address it has is checked, and the connection is pinned to the
     * checked address so that a second lookup cannot answer differently.
     */
    private Uni<Optional<SocketAddress>> server(URI uri) {
        if (targets.allowsPrivate()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return vertx.executeBlocking(Uni.createFrom().item(() -> lookup(bare)), false).map(addresses -> {
            for (InetAddress address : addresses) {
                Optional<String> refusal = targets.refusal(address);
                if (refusal.isPresent()) {
                    throw new AttemptFailure(refusal.get(), false);
                }
            }
            return Optional.of(SocketAddress.inetSocketAddress(port, addresses[0].getHostAddress()));
        });
    }

    private static InetAddress[] lookup(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new AttemptFailure("the webhook URL's host name could not be resolved", true);
        }
    }

    private Uni<Answer> send(Claimed claimed, URI uri, Optional<SocketAddress> server, String body, String secret) {
        long timestamp = clock.instant().getEpochSecond();
        String signature = WebhookSigner.sign(WebhookSigner.key(secret), claimed.id(), timestamp, body);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri.toString())
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("webhook-id", claimed.id())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        if (config.sendSecretHeader()) {
            options.putHeader("Post-For-Me-Webhook-Secret", secret);
        }
        server.ifPresent(options::setServer);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        return http.request(options)
                .chain(request -> {
                    sent.set(request);
                    return request.send(Buffer.buffer(body));
                })
                .map(WebhookDispatcher::answer)
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                    return failure instanceof AttemptFailure ? failure : new AttemptFailure(describe(failure), true);
                });
    }

    /** Reads the status and {@code Retry-After}, and discards the body without buffering it. */
    private static Answer answer(HttpClientResponse response) {
        response.getDelegate().exceptionHandler(ignored -> {
        }).handler(ignored -> {
        });
        return new Answer(response.statusCode(), response.getHeader("Retry-After"));
    }

    private Outcome judge(Claimed claimed, Answer answer, Instant now) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return new Outcome(claimed.id(), claimed.attempts(), WebhookEvent.DELIVERED, null, status, null, now,
                    now);
        }
        if (status == 410) {
            disable(claimed.webhookId(), now);
            return failed(claimed, now, status, "the receiver answered HTTP 410 Gone; the webhook was disabled");
        }
        String error = status >= 300 && status < 400
                ? "the receiver answered HTTP " + status + " (redirects are not followed)"
                : "the receiver answered HTTP " + status;
        return retryOrFail(claimed, now, status, RetryPolicy.parseRetryAfter(answer.retryAfter(), now), error);
    }

    private Outcome retryOrFail(Claimed claimed, Instant now, Integer status, Optional<Duration> retryAfter,
            String error) {
        Optional<Duration> delay = retries.nextDelay(claimed.roundAttempts(), retryAfter,
                () -> ThreadLocalRandom.current().nextDouble());
        if (delay.isEmpty()) {
            return failed(claimed, now, status, error + "; no retries left after " + claimed.roundAttempts()
                    + (claimed.roundAttempts() == 1 ? " attempt" : " attempts"));
        }
        scheduleWake(delay.get());
        return new Outcome(claimed.id(), claimed.attempts(), WebhookEvent.PENDING, now.plus(delay.get()), status,
                error, null, now);
    }

    private static Outcome failed(Claimed claimed, Instant now, Integer status, String error) {
        return new Outcome(claimed.id(), claimed.attempts(), WebhookEvent.FAILED, null, status, error, null, now);
    }

    private void disable(String webhookId, Instant now) {
        LOG.infof("Webhook %s answered 410 Gone and was disabled", webhookId);
        pool.preparedQuery(DISABLE)
                .execute(Tuple.of(webhookId, utc(now), "the receiver answered HTTP 410 Gone",
                        "the webhook was disabled (its receiver answered HTTP 410 Gone)"))
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf("Webhook %s could not be disabled: %s", webhookId, failure.getMessage()));
    }

    /** A failure described for the delivery log: what happened, never a class name or a secret. */
    static String describe(Throwable failure) {
        if (failure instanceof AttemptFailure) {
            return failure.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            if (t instanceof TimeoutException || name.contains("timeout")) {
                return "the receiver did not answer in time";
            }
            if (t instanceof java.net.ConnectException || name.contains("connect")) {
                return "could not connect to the receiver";
            }
            if (t instanceof UnknownHostException) {
                return "the webhook URL's host name could not be resolved";
            }
            if (t instanceof javax.net.ssl.SSLException || name.contains("ssl")) {
                return "the TLS handshake with the receiver failed";
            }
            if (name.contains("closed")) {
                return "the receiver closed the connection without answering";
            }
        }
        return "the request to the receiver failed";
    }

    // ---------------------------------------------------------------- outcomes and timers

    /** Writes queued outcomes, many per statement; one write at a time per dispatcher. */
    private void writeOutcomes() {
        List<Pending> batch = new ArrayList<>();
        synchronized (this) {
            if (writing || outcomes.isEmpty()) {
                return;
            }
            writing = true;
            while (!outcomes.isEmpty() && batch.size() < MAX_OUTCOMES_PER_WRITE) {
                batch.add(outcomes.poll());
            }
        }
        int n = batch.size();
        String[] ids = new String[n];
        Integer[] attempts = new Integer[n];
        String[] statuses = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        Integer[] codes = new Integer[n];
        String[] errors = new String[n];
        OffsetDateTime[] delivered = new OffsetDateTime[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Outcome o = batch.get(i).outcome();
            ids[i] = o.id();
            attempts[i] = o.attempt();
            statuses[i] = o.status();
            next[i] = utc(o.nextAttemptAt());
            codes[i] = o.statusCode();
            errors[i] = o.error();
            delivered[i] = utc(o.deliveredAt());
            at[i] = utc(o.at());
        }
        Tuple params = Tuple.tuple().addArrayOfString(ids).addArrayOfInteger(attempts).addArrayOfString(statuses)
                .addArrayOfOffsetDateTime(next).addArrayOfInteger(codes).addArrayOfString(errors)
                .addArrayOfOffsetDateTime(delivered).addArrayOfOffsetDateTime(at);
        pool.preparedQuery(RECORD).execute(params).subscribe().with(
                ignored -> afterWrite(batch),
                failure -> {
                    // The rows stay 'delivering' and are retried when their lease ends: at-least-once.
                    LOG.warnf("%d webhook outcomes could not be recorded (%s); those events are retried after "
                            + "their lease", n, failure.getMessage());
                    afterWrite(batch);
                });
    }

    private void afterWrite(List<Pending> batch) {
        synchronized (this) {
            writing = false;
        }
        batch.forEach(pending -> pending.written().complete(null));
        writeOutcomes();
        checkIdle();
    }

    private void checkIdle() {
        List<CompletableFuture<Void>> ready = List.of();
        synchronized (this) {
            if (inFlight == 0 && outcomes.isEmpty() && !writing && !idleWaiters.isEmpty()) {
                ready = new ArrayList<>(idleWaiters);
                idleWaiters.clear();
            }
        }
        ready.forEach(waiter -> waiter.complete(null));
    }

    /** A pass when the earliest known retry falls due (the poll covers everything else). */
    private void scheduleWake(Duration delay) {
        Instant at = clock.instant().plus(delay);
        synchronized (this) {
            if (!running || timerAt != null && !at.isBefore(timerAt)) {
                return;
            }
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
            timerAt = at;
            timerId = vertx.setTimer(Math.max(1, delay.toMillis() + 1), id -> {
                synchronized (this) {
                    if (timerId != id) {
                        return;
                    }
                    timerId = -1;
                    timerAt = null;
                }
                wake();
            });
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
