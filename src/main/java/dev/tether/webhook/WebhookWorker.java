package dev.tether.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tether.common.SecretBox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Runs this instance's {@link WebhookDispatcher}: starts it with the application (a first pass delivers what
 * was left from before a restart), wakes it when a transaction that wrote events commits (PostgreSQL
 * LISTEN/NOTIFY, which also reaches the other instances), polls as a safety net, purges old delivery records,
 * and lets deliveries in flight finish at shutdown.
 */
@ApplicationScoped
public class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class);
    private static final long RECONNECT_MILLIS = 2000;
    private static final int PURGE_BATCH = 10_000;

    private final Vertx vertx;
    private final WebhooksConfig config;
    private final WebhookEventRepository events;
    private final Clock clock;
    private final WebhookDispatcher dispatcher;
    private final Optional<String> databaseUrl;
    private final Optional<String> databaseUser;
    private final Optional<String> databasePassword;
    private PgSubscriber subscriber;
    private volatile boolean stopping;

    public WebhookWorker(Vertx vertx, Pool pool, WebhooksConfig config, SecretBox box, Clock clock,
            WebhookEventRepository events,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> databaseUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> databaseUser,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> databasePassword) {
        this.vertx = vertx;
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.databaseUrl = databaseUrl;
        this.databaseUser = databaseUser;
        this.databasePassword = databasePassword;
        this.dispatcher = new WebhookDispatcher(vertx, pool, config, new TargetPolicy(config.allowPrivateTargets()),
                box, clock);
    }

    /** This instance's dispatcher (tests run passes with it directly). */
    public WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.deliver()) {
            LOG.info("Webhook delivery is off on this instance (tether.webhooks.deliver=false); events are queued");
            return;
        }
        dispatcher.start();
        if (config.listen()) {
            listen();
        }
    }

    /**
     * Lets deliveries in flight finish and be recorded, for at most {@code shutdown-grace}. Shutdown observers
     * run on the thread that stops the application, never on an event loop, so waiting here blocks nothing else.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        dispatcher.stop(config.shutdownGrace()).subscribeAsCompletionStage().toCompletableFuture().join();
        dispatcher.close();
    }

    /** The safety net: retries that fell due, leases that ended, events of instances that are not listening. */
    @Scheduled(identity = "webhook-poll", every = "${tether.webhooks.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        dispatcher.wake();
    }

    @Scheduled(identity = "webhook-purge", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return purge(clock.instant())
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Purged %d webhook delivery records past their retention", count);
                    }
                })
                .onFailure().invoke(failure -> LOG.error("Webhook purge failed; it will run again", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes delivered and failed events older than the retention, as of {@code now}. */
    public Uni<Integer> purge(Instant now) {
        return Panache.withTransaction(() -> events.purgeFinished(now.minus(config.retention()), PURGE_BATCH));
    }

    private void listen() {
        Optional<PgConnectOptions> options = connectOptions();
        if (options.isEmpty()) {
            LOG.warn("No reactive datasource URL: webhook deliveries start on the poll only");
            return;
        }
        subscriber = PgSubscriber.subscriber(vertx, options.get());
        subscriber.reconnectPolicy(retries -> stopping ? -1L : RECONNECT_MILLIS);
        // Anything committed while the connection was down is picked up by the pass that follows a (re)subscribe.
        subscriber.channel(WebhookOutbox.CHANNEL).handler(payload -> dispatcher.wake()).subscribeHandler(() -> {
            quietConnectionErrors();
            dispatcher.wake();
        });
        connect();
    }

    private void connect() {
        subscriber.connect().subscribe().with(
                ignored -> {
                    quietConnectionErrors();
                    LOG.debug("Listening for webhook events");
                },
                failure -> {
                    if (stopping) {
                        return;
                    }
                    LOG.warnf("Cannot listen for webhook events (%s); polling until the connection is back",
                            failure.getMessage());
                    vertx.setTimer(RECONNECT_MILLIS, id -> {
                        if (!stopping) {
                            connect();
                        }
                    });
                });
    }

    /** A dropped connection is reconnected by the subscriber (the poll covers the gap); it is not an error. */
    private void quietConnectionErrors() {
        if (subscriber != null && subscriber.actualConnection() != null) {
            subscriber.actualConnection().exceptionHandler(failure -> {
                if (!stopping) {
                    LOG.infof("The webhook notification connection dropped (%s); reconnecting", failure.getMessage());
                }
            });
        }
    }

    private Optional<PgConnectOptions> connectOptions() {
        if (databaseUrl.isEmpty() || databaseUrl.get().isBlank()) {
            return Optional.empty();
        }
        String url = databaseUrl.get().split(",")[0].trim().replaceFirst("^vertx-reactive:", "");
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        return Optional.of(options);
    }
}
