package dev.tether.webhook;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.webhook.WebhookTests.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

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
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class WebhookRetryTest {

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
        receivers.forEach(Receiver::close);
        dispatchers.forEach(d -> {
            d.stop(Duration.ofSeconds(5)).await().indefinitely();
            d.close();
        });
        WebhookTests.settle(db, worker);
    }

    private Receiver receiver() {
        Receiver receiver = Receiver.start();
        receivers.add(receiver);
        return receiver;
    }

    private WebhookDispatcher dispatcher(DispatcherSettings settings) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(vertx, pool, settings,
                new TargetPolicy(settings.allowPrivateTargets()), box, clock);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private Map<String, Object> onlyEvent(Subscription hook) {
        List<Map<String, Object>> events = WebhookTests.events(db, hook.id());
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void receiverAnswering500ThenSucceedsOnRetryWithTheSameWebhookIdAndBody() throws Exception {
        Receiver receiver = receiver().thenReply(Reply.status(500));
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        connectSandbox(project, SANDBOX, "approve");

        await(() -> "pending".equals(onlyEvent(hook).get("status")));
        Map<String, Object> failed = onlyEvent(hook);
        assertThat(failed).containsEntry("attempts", 1).containsEntry("last_status_code", 500)
                .containsEntry("last_error", "the receiver answered HTTP 500");
        Duration wait = Duration.between(((Instant) failed.get("last_attempt_at")), ((Instant) failed.get("next_attempt_at")));
        assertThat(wait).isBetween(Duration.ofMillis(4500), Duration.ofMillis(5600)); // 5 s ± 10 % jitter

        worker.dispatcher().dispatchDue(Instant.now().plusSeconds(6)).await().indefinitely();

        await(() -> "delivered".equals(onlyEvent(hook).get("status")));
        List<Delivery> received = receiver.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).webhookId()).isEqualTo(received.get(0).webhookId());
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        WebhookTests.verify(hook.secret(), received.get(1));
        assertThat(onlyEvent(hook)).containsEntry("attempts", 2).containsEntry("last_status_code", 200)
                .containsEntry("last_error", null).containsEntry("next_attempt_at", null);
        app(project.apiKey()).get("/v1/webhooks/" + hook.id() + "/events").then().statusCode(200)
                .body("data[0].id", equalTo(received.get(0).webhookId()))
                .body("data[0].status", equalTo("delivered"))
                .body("data[0].attempts", equalTo(2))
                .body("data[0].last_status_code", equalTo(200))
                .body("data[0].delivered_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void receiverAnswering410DisablesTheWebhookAndLaterEventsAreNotQueued() {
        Receiver receiver = receiver().byDefault(Reply.status(410));
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        connectSandbox(project, SANDBOX, "approve");

        await(() -> "failed".equals(onlyEvent(hook).get("status")));
        assertThat(onlyEvent(hook)).containsEntry("last_status_code", 410).containsEntry("attempts", 1)
                .containsEntry("last_error", "the receiver answered HTTP 410 Gone; the webhook was disabled");
        await(() -> "disabled".equals(db.row("select status from webhook where id = ?", hook.id()).get("status")));
        app(project.apiKey()).get("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("status", equalTo("disabled"))
                .body("disabled_reason", equalTo("the receiver answered HTTP 410 Gone"))
                .body("disabled_at", org.hamcrest.Matchers.notNullValue());

        connectSandbox(project, SANDBOX, "approve");
        assertThat(WebhookTests.events(db, hook.id())).hasSize(1);
        assertThat(receiver.count()).isEqualTo(1);
        String eventId = receiver.received().get(0).webhookId();
        app(project.apiKey()).post("/v1/webhooks/" + hook.id() + "/events/" + eventId + "/redeliver").then()
                .statusCode(409);
    }

    @Test
    void retryAfterIsHonouredOverTheShorterScheduleStep() {
        Receiver receiver = receiver().thenReply(Reply.status(503).withHeader("Retry-After", "120"));
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        connectSandbox(project, SANDBOX, "approve");

        await(() -> "pending".equals(onlyEvent(hook).get("status")));
        Map<String, Object> first = onlyEvent(hook);
        assertThat(first).containsEntry("last_status_code", 503);
        // 120 s from the answer (the attempt started a moment before it), instead of the schedule's 5 s
        assertThat(Duration.between(((Instant) first.get("last_attempt_at")), ((Instant) first.get("next_attempt_at"))))
                .isBetween(Duration.ofSeconds(120), Duration.ofSeconds(125));

        worker.dispatcher().dispatchDue(Instant.now().plusSeconds(60)).await().indefinitely();
        assertThat(receiver.count()).isEqualTo(1);
        assertThat(onlyEvent(hook)).containsEntry("status", "pending").containsEntry("attempts", 1);

        worker.dispatcher().dispatchDue(Instant.now().plusSeconds(125)).await().indefinitely();
        assertThat(receiver.count()).isEqualTo(2);
        assertThat(onlyEvent(hook)).containsEntry("status", "delivered").containsEntry("attempts", 2);
    }

    @Test
    void eventFailsAfterTheLastScheduledAttemptAndRedeliverySendsItAgain() {
        Receiver receiver = receiver().byDefault(Reply.status(500));
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        connectSandbox(project, SANDBOX, "approve");
        await(() -> "pending".equals(onlyEvent(hook).get("status")));

        // Each pass two days further on: past every step of the schedule (the longest is 24 h + 10 %).
        for (int step = 1; step < config.retrySchedule().size(); step++) {
            worker.dispatcher().dispatchDue(Instant.now().plus(Duration.ofDays(2L * step))).await().indefinitely();
        }

        Map<String, Object> failed = onlyEvent(hook);
        assertThat(failed).containsEntry("status", "failed").containsEntry("attempts", 10)
                .containsEntry("last_error", "the receiver answered HTTP 500; no retries left after 10 attempts")
                .containsEntry("next_attempt_at", null);
        assertThat(receiver.received()).hasSize(10).extracting(Delivery::webhookId).containsOnly((String) failed.get("id"));

        receiver.byDefault(Reply.status(204));
        app(project.apiKey()).post("/v1/webhooks/" + hook.id() + "/events/" + failed.get("id") + "/redeliver").then()
                .statusCode(202).body("status", equalTo("pending")).body("attempts", equalTo(10));

        await(() -> "delivered".equals(onlyEvent(hook).get("status")));
        assertThat(onlyEvent(hook)).containsEntry("attempts", 11).containsEntry("last_status_code", 204);
        assertThat(receiver.received()).hasSize(11);
    }

    @Test
    void redeliveringADeliveredEventSendsTheSameIdAgainAndUnknownIdsAre404() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        connectSandbox(project, SANDBOX, "approve");
        await(() -> "delivered".equals(onlyEvent(hook).get("status")));
        String eventId = (String) onlyEvent(hook).get("id");

        app(project.apiKey()).post("/v1/webhooks/" + hook.id() + "/events/" + eventId + "/redeliver").then()
                .statusCode(202);

        await(() -> receiver.count() == 2);
        assertThat(receiver.received()).extracting(Delivery::webhookId).containsExactly(eventId, eventId);
        app(project.apiKey()).post("/v1/webhooks/" + hook.id() + "/events/wbhe_unknown000000000000/redeliver")
                .then().statusCode(404).body("message", equalTo("Webhook event not found"));
        app(project.apiKey()).get("/v1/webhooks/" + hook.id() + "/events/" + eventId).then().statusCode(200)
                .body("id", equalTo(eventId)).body("webhook_id", equalTo(hook.id()))
                .body("event_type", equalTo("social.account.created"));
        TestProject other = Api.sandboxProject();
        app(other.apiKey()).get("/v1/webhooks/" + hook.id() + "/events/" + eventId).then().statusCode(404);
    }

    @Test
    void hangingReceiverTimesOutAndIsRetriedWhileAnotherReceiverGetsItsEvent() {
        Receiver hanging = receiver().byDefault(Reply.hang());
        Receiver healthy = receiver();
        Subscription slow = Hooks.subscribeToCreated(project, hanging);
        Subscription fast = Hooks.subscribeToCreated(project, healthy);

        connectSandbox(project, SANDBOX, "approve");

        await(() -> healthy.count() == 1);
        await(() -> "pending".equals(onlyEvent(slow).get("status")));
        Map<String, Object> timedOut = onlyEvent(slow);
        assertThat(timedOut).containsEntry("attempts", 1).containsEntry("last_status_code", null)
                .containsEntry("last_error", "the receiver did not answer in time");
        Map<String, Object> delivered = onlyEvent(fast);
        assertThat(delivered).containsEntry("status", "delivered");
        assertThat(((Instant) delivered.get("delivered_at"))).isBefore(((Instant) timedOut.get("updated_at")));

        worker.dispatcher().dispatchDue(Instant.now().plusSeconds(6)).await().indefinitely();

        assertThat(hanging.received()).hasSize(2).extracting(Delivery::webhookId).containsOnly((String) timedOut.get("id"));
        assertThat(onlyEvent(slow)).containsEntry("status", "pending").containsEntry("attempts", 2);
    }

    @Test
    void slowReceiverHoldsOnlyItsOwnSlotsWhileAnotherReceiverGetsAllItsEvents() {
        worker.dispatcher().stop(Duration.ofSeconds(5)).await().indefinitely();
        Receiver hanging = receiver().byDefault(Reply.hang());
        Receiver healthy = receiver();
        Subscription slow = Hooks.subscribeToCreated(project, hanging);
        Subscription fast = Hooks.subscribeToCreated(project, healthy);
        for (int i = 0; i < 3; i++) {
            connectSandbox(project, SANDBOX, "approve_multiple");
        }
        WebhookDispatcher small = dispatcher(new DispatcherSettings(config).timeout(Duration.ofSeconds(60))
                .maxInFlight(4).maxInFlightPerWebhook(2));

        small.start();

        await(() -> healthy.count() == 6);
        await(() -> WebhookTests.events(db, fast.id()).stream().allMatch(e -> "delivered".equals(e.get("status"))));
        assertThat(hanging.count()).isEqualTo(2);
        assertThat(hanging.received()).allMatch(d -> d.answeredAt() == null);
        assertThat(WebhookTests.events(db, slow.id())).extracting(e -> e.get("status"))
                .containsExactlyInAnyOrder("delivering", "delivering", "pending", "pending", "pending", "pending");
    }

    @Test
    void purgeRemovesFinishedEventsPastTheRetentionAndKeepsTheRest() throws Throwable {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        connectSandbox(project, SANDBOX, "approve");
        await(() -> "delivered".equals(onlyEvent(hook).get("status")));

        VertxContextSupport.subscribeAndAwait(() -> worker.purge(Instant.now()));
        assertThat(WebhookTests.events(db, hook.id())).hasSize(1);
        VertxContextSupport.subscribeAndAwait(() -> worker.purge(Instant.now().plus(config.retention()).plusSeconds(60)));
        assertThat(WebhookTests.events(db, hook.id())).isEmpty();
    }
}
