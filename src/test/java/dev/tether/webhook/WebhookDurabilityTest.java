package dev.tether.webhook;

import static dev.tether.support.Api.connectSandbox;
import static dev.tether.webhook.WebhookTests.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.common.SecretBox;
import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.DispatcherSettings;
import dev.tether.support.Hooks;
import dev.tether.support.Hooks.Subscription;
import dev.tether.support.Receiver;
import dev.tether.support.Receiver.Delivery;
import dev.tether.support.Receiver.Reply;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * At-least-once across stops, crashes and competing instances. Dispatchers built here stand for other
 * instances (or a crashing one); the application's own dispatcher is stopped while they run.
 */
@QuarkusTest
class WebhookDurabilityTest {

    private static final Map<String, Object> SANDBOX = Map.of("platform", "sandbox");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookWorker worker;

    @Inject
    WebhooksConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    SecretBox box;

    @Inject
    Clock clock;

    Db db;
    TestProject project;
    final List<Receiver> receivers = new ArrayList<>();
    final List<WebhookDispatcher> dispatchers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.sandboxProject();
    }

    @AfterEach
    void tearDown() {
        dispatchers.forEach(d -> {
            d.stop(Duration.ofSeconds(5)).await().indefinitely();
            d.close();
        });
        receivers.forEach(Receiver::close);
        WebhookTests.settle(db, worker);
    }

    private Receiver receiver() {
        Receiver receiver = Receiver.start();
        receivers.add(receiver);
        return receiver;
    }

    private WebhookDispatcher dispatcher(Pool on, DispatcherSettings settings) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(vertx, on, settings,
                new TargetPolicy(settings.allowPrivateTargets()), box, clock);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private void stopApplicationDispatcher() {
        worker.dispatcher().stop(Duration.ofSeconds(5)).await().indefinitely();
    }

    @Test
    void eventsWrittenWhileDeliveryIsStoppedAreDeliveredWhenItStartsAgain() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        stopApplicationDispatcher();

        connectSandbox(project, SANDBOX, "approve_multiple");
        connectSandbox(project, SANDBOX, "approve_multiple");

        assertThat(WebhookTests.events(db, hook.id())).hasSize(4).allMatch(e -> "pending".equals(e.get("status")));
        assertThat(receiver.count()).isZero();

        worker.dispatcher().start();

        await(() -> WebhookTests.events(db, hook.id()).stream().allMatch(e -> "delivered".equals(e.get("status"))));
        assertThat(receiver.received()).hasSize(4).extracting(Delivery::webhookId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        WebhookTests.events(db, hook.id()).stream().map(e -> (String) e.get("id")).toList());
    }

    @Test
    void deliveryInterruptedByACrashIsSentAgainAfterTheLeaseWithTheSameId() {
        Receiver receiver = receiver().thenReply(Reply.hang());
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        stopApplicationDispatcher();
        connectSandbox(project, SANDBOX, "approve");
        PgPool ownPool = PgPool.pool(vertx, connectOptions(), new PoolOptions().setMaxSize(2).setConnectionTimeout(0));
        WebhookDispatcher crashing = dispatcher(ownPool,
                new DispatcherSettings(config).timeout(Duration.ofSeconds(60)));

        crashing.start();
        await(() -> receiver.count() == 1);
        // The crash: its database connections go first, then its HTTP connections, so no outcome is written.
        ownPool.close().await().indefinitely();
        crashing.close();

        Map<String, Object> left = WebhookTests.events(db, hook.id()).get(0);
        assertThat(left).containsEntry("status", "delivering").containsEntry("attempts", 1)
                .containsEntry("last_status_code", null);
        assertThat(worker.dispatcher().dispatchDue(Instant.now()).await().indefinitely()).isZero();

        Instant leaseEnd = (Instant) left.get("next_attempt_at");
        worker.dispatcher().dispatchDue(leaseEnd.plusSeconds(1)).await().indefinitely();

        assertThat(receiver.received()).hasSize(2).extracting(Delivery::webhookId).containsOnly((String) left.get("id"));
        assertThat(WebhookTests.events(db, hook.id()).get(0)).containsEntry("status", "delivered")
                .containsEntry("attempts", 2).containsEntry("last_status_code", 200);
    }

    @Test
    void twoDispatchersAtOnceNeverSendTheSameEventTwice() {
        Receiver receiver = receiver().byDefault(Reply.status(200).after(Duration.ofMillis(10)));
        List<Subscription> hooks = List.of(
                Hooks.subscribe(project, receiver.url("a"), "social.account.created"),
                Hooks.subscribe(project, receiver.url("b"), "social.account.created"),
                Hooks.subscribe(project, receiver.url("c"), "social.account.created"));
        stopApplicationDispatcher();
        for (int i = 0; i < 8; i++) {
            connectSandbox(project, SANDBOX, "approve_multiple");
        }
        List<String> eventIds = hooks.stream().flatMap(h -> WebhookTests.events(db, h.id()).stream())
                .map(e -> (String) e.get("id")).toList();
        assertThat(eventIds).hasSize(48);
        DispatcherSettings small = new DispatcherSettings(config).batchSize(3).maxInFlight(6).maxInFlightPerWebhook(3);
        WebhookDispatcher first = dispatcher(pool, small);
        WebhookDispatcher second = dispatcher(pool, small);

        first.start();
        second.start();

        await(() -> hooks.stream().flatMap(h -> WebhookTests.events(db, h.id()).stream())
                .allMatch(e -> "delivered".equals(e.get("status"))));
        Map<String, Long> perId = receiver.received().stream()
                .collect(Collectors.groupingBy(Delivery::webhookId, HashMap::new, Collectors.counting()));
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(eventIds);
        assertThat(perId.values()).containsOnly(1L);
        assertThat(first.attemptsStarted()).isPositive();
        assertThat(second.attemptsStarted()).isPositive();
        assertThat(first.attemptsStarted() + second.attemptsStarted()).isEqualTo(48);
    }

    @Test
    void privateTargetIsRefusedAtDeliveryTimeAndRecordedAsFailed() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        stopApplicationDispatcher();
        connectSandbox(project, SANDBOX, "approve");
        WebhookDispatcher strict = dispatcher(pool, new DispatcherSettings(config).allowPrivateTargets(false));

        strict.dispatchDue(Instant.now()).await().indefinitely();

        assertThat(receiver.count()).isZero();
        assertThat(WebhookTests.events(db, hook.id()).get(0)).containsEntry("status", "failed")
                .containsEntry("attempts", 1)
                .containsEntry("last_error", "the webhook URL resolves to a loopback address (127.0.0.1), which is "
                        + "not allowed");
    }

    @Test
    void withTheSecretHeaderOffOnlyTheSignatureTravels() throws Exception {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        stopApplicationDispatcher();
        connectSandbox(project, SANDBOX, "approve");
        WebhookDispatcher signatureOnly = dispatcher(pool, new DispatcherSettings(config).sendSecretHeader(false));

        signatureOnly.dispatchDue(Instant.now()).await().indefinitely();

        assertThat(receiver.received()).hasSize(1);
        Delivery delivery = receiver.received().get(0);
        assertThat(delivery.header("post-for-me-webhook-secret")).isNull();
        assertThat(delivery.headers().values().stream().flatMap(List::stream)).noneMatch(v -> v.contains(hook.secret()));
        WebhookTests.verify(hook.secret(), delivery);
    }

    private static PgConnectOptions connectOptions() {
        var config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        options.setUser(config.getValue("quarkus.datasource.username", String.class));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
