package dev.tether.webhook;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.webhook.WebhookTests.await;
import static dev.tether.webhook.WebhookTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.Hooks;
import dev.tether.support.Hooks.Subscription;
import dev.tether.support.Receiver;
import dev.tether.support.Receiver.Delivery;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WebhookDeliveryTest {

    private static final Map<String, Object> SANDBOX = Map.of("platform", "sandbox");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookWorker worker;

    Db db;
    TestProject project;
    final List<Receiver> receivers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.sandboxProject();
    }

    @AfterEach
    void tearDown() {
        receivers.forEach(Receiver::close);
        WebhookTests.settle(db, worker);
    }

    private Receiver receiver() {
        Receiver receiver = Receiver.start();
        receivers.add(receiver);
        return receiver;
    }

    @Test
    void twoAccountConnectionDeliversExactlyTwoEventsToEachSubscribedWebhookAndNoneToOthers() {
        Receiver created = receiver();
        Receiver both = receiver();
        Receiver updatedOnly = receiver();
        Receiver otherProject = receiver();
        Subscription createdHook = Hooks.subscribe(project, created.url(), "social.account.created");
        Subscription bothHook = Hooks.subscribe(project, both.url(), "social.account.updated", "social.account.created");
        Subscription updatedHook = Hooks.subscribe(project, updatedOnly.url(), "social.account.updated");
        TestProject other = Api.sandboxProject();
        Hooks.subscribeToCreated(other, otherProject);

        Map<String, String> redirect = redirectParams(connectSandbox(project, SANDBOX, "approve_multiple"));
        List<String> accountIds = List.of(redirect.get("accountIds").split(","));

        await(() -> created.count() == 2 && both.count() == 2);
        await(() -> WebhookTests.events(db, bothHook.id()).stream().allMatch(e -> "delivered".equals(e.get("status"))));
        worker.dispatcher().dispatchDue(Instant.now()).await().indefinitely();
        assertThat(created.count()).isEqualTo(2);
        assertThat(both.count()).isEqualTo(2);
        assertThat(updatedOnly.count()).isZero();
        assertThat(otherProject.count()).isZero();
        for (Receiver receiver : List.of(created, both)) {
            assertThat(receiver.received()).extracting(d -> json(d.body()).path("data").path("id").asText())
                    .containsExactlyInAnyOrderElementsOf(accountIds);
            assertThat(receiver.received()).extracting(d -> json(d.body()).path("event_type").asText())
                    .containsOnly("social.account.created");
        }
        assertThat(WebhookTests.events(db, createdHook.id())).hasSize(2)
                .allSatisfy(e -> assertThat(e).containsEntry("status", "delivered").containsEntry("attempts", 1)
                        .containsEntry("last_status_code", 200));
        assertThat(WebhookTests.events(db, updatedHook.id())).isEmpty();
    }

    @Test
    void deniedConnectionSendsNothing() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        Map<String, String> redirect = redirectParams(connectSandbox(project, SANDBOX, "deny"));

        assertThat(redirect).containsEntry("isSuccess", "false");
        assertThat(WebhookTests.events(db, hook.id())).isEmpty();
        worker.dispatcher().dispatchDue(Instant.now()).await().indefinitely();
        assertThat(receiver.count()).isZero();
    }

    @Test
    void failedConnectionWithAReusedLinkSendsNothingMore() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        String toCallback = Api.sandboxConsent(Api.authUrl(project, SANDBOX), "approve");
        assertThat(redirectParams(Api.callback(toCallback))).containsEntry("isSuccess", "true");
        await(() -> receiver.count() == 1);

        Map<String, String> reused = redirectParams(Api.callback(toCallback));

        assertThat(reused).containsEntry("isSuccess", "false");
        worker.dispatcher().dispatchDue(Instant.now()).await().indefinitely();
        assertThat(WebhookTests.events(db, hook.id())).hasSize(1);
        assertThat(receiver.count()).isEqualTo(1);
    }

    @Test
    void partialConnectionSendsAnEventOnlyForTheConnectedAccount() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        Map<String, String> redirect = redirectParams(connectSandbox(project, SANDBOX, "partial"));

        await(() -> receiver.count() == 1);
        worker.dispatcher().dispatchDue(Instant.now()).await().indefinitely();
        assertThat(WebhookTests.events(db, hook.id())).hasSize(1);
        assertThat(json(receiver.received().get(0).body()).path("data").path("id").asText())
                .isEqualTo(redirect.get("accountIds"));
    }

    @Test
    void reconnectingSendsCreatedAgainForTheSameAccountId() {
        Receiver receiver = receiver();
        Hooks.subscribeToCreated(project, receiver);

        String first = redirectParams(connectSandbox(project, SANDBOX, "approve")).get("accountIds");
        String second = redirectParams(connectSandbox(project, SANDBOX, "approve")).get("accountIds");

        await(() -> receiver.count() == 2);
        assertThat(second).isEqualTo(first);
        assertThat(receiver.received()).extracting(d -> json(d.body()).path("data").path("id").asText())
                .containsExactly(first, first);
        assertThat(receiver.received()).extracting(Delivery::webhookId).doesNotHaveDuplicates();
    }

    @Test
    void deliveryIsAJsonPostWithTheEnvelopeTheSecretHeaderAndStandardWebhooksHeaders() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        Map<String, String> redirect = redirectParams(connectSandbox(project,
                Map.of("platform", "sandbox", "external_id", "user-42"), "approve"));

        await(() -> receiver.count() == 1);
        Delivery delivery = receiver.received().get(0);
        assertThat(delivery.path()).isEqualTo("/hook");
        assertThat(delivery.header("content-type")).isEqualTo("application/json");
        assertThat(delivery.header("post-for-me-webhook-secret")).isEqualTo(hook.secret());
        assertThat(delivery.webhookId()).matches("wbhe_[0-9A-Za-z]{21}");
        assertThat(Long.parseLong(delivery.header("webhook-timestamp")))
                .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
        assertThat(delivery.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");

        JsonNode body = json(delivery.body());
        assertThat(fieldNames(body)).containsExactly("id", "event_type", "created_at", "data");
        assertThat(body.path("id").asText()).isEqualTo(delivery.webhookId());
        assertThat(body.path("event_type").asText()).isEqualTo("social.account.created");
        assertThat(Instant.parse(body.path("created_at").asText())).isBefore(delivery.receivedAt());
        JsonNode data = body.path("data");
        assertThat(fieldNames(data)).containsExactly("id", "platform", "username", "user_id", "profile_photo_url",
                "status", "external_id", "access_token", "refresh_token", "access_token_expires_at",
                "refresh_token_expires_at", "metadata");
        assertThat(data.path("id").asText()).isEqualTo(redirect.get("accountIds"));
        assertThat(data.path("platform").asText()).isEqualTo("sandbox");
        assertThat(data.path("user_id").asText()).isEqualTo("sandbox-user-1");
        assertThat(data.path("status").asText()).isEqualTo("connected");
        assertThat(data.path("external_id").asText()).isEqualTo("user-42");
        assertThat(data.path("access_token").asText()).isNotEmpty(); // include-tokens is on by default
        assertThat(WebhookTests.event(db, delivery.webhookId())).containsEntry("status", "delivered");
    }

    @Test
    void payloadIsEncryptedAtRest() {
        Receiver receiver = receiver();
        Hooks.subscribeToCreated(project, receiver);

        connectSandbox(project, SANDBOX, "approve");

        await(() -> receiver.count() == 1);
        Delivery delivery = receiver.received().get(0);
        String token = json(delivery.body()).path("data").path("access_token").asText();
        byte[] stored = (byte[]) WebhookTests.event(db, delivery.webhookId()).get("payload");
        String raw = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(token).doesNotContain("sandbox-user-1");
    }

    @Test
    void signatureVerifiesWithTheStandardWebhooksLibraryAndATamperedBodyFails() throws Exception {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);

        connectSandbox(project, SANDBOX, "approve");

        await(() -> receiver.count() == 1);
        Delivery delivery = receiver.received().get(0);
        WebhookTests.verify(hook.secret(), delivery);
        String tampered = delivery.body().replace("\"connected\"", "\"disconnected\"");
        assertThat(tampered).isNotEqualTo(delivery.body());
        assertThatThrownBy(() -> WebhookTests.verify(hook.secret(), delivery, tampered))
                .isInstanceOf(WebhookVerificationException.class);
        String otherSecret = Hooks.subscribe(project, receiver.url("other"), "social.account.updated").secret();
        assertThatThrownBy(() -> WebhookTests.verify(otherSecret, delivery))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void afterRotationDeliveriesVerifyWithTheNewSecretAndNotTheOld() throws Exception {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        String rotated = app(project.apiKey()).post("/v1/webhooks/" + hook.id() + "/rotate-secret").then()
                .statusCode(201).extract().path("secret");

        connectSandbox(project, SANDBOX, "approve");

        await(() -> receiver.count() == 1);
        Delivery delivery = receiver.received().get(0);
        WebhookTests.verify(rotated, delivery);
        assertThat(delivery.header("post-for-me-webhook-secret")).isEqualTo(rotated);
        assertThatThrownBy(() -> WebhookTests.verify(hook.secret(), delivery))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void disabledWebhookGetsNoEventsUntilEnabledAgain() {
        Receiver receiver = receiver();
        Subscription hook = Hooks.subscribeToCreated(project, receiver);
        app(project.apiKey()).body(Map.of("status", "disabled")).patch("/v1/webhooks/" + hook.id()).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("disabled"));

        connectSandbox(project, SANDBOX, "approve");
        assertThat(WebhookTests.events(db, hook.id())).isEmpty();

        app(project.apiKey()).body(Map.of("status", "enabled")).patch("/v1/webhooks/" + hook.id()).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("enabled"))
                .body("disabled_at", org.hamcrest.Matchers.nullValue());
        connectSandbox(project, SANDBOX, "approve");
        await(() -> receiver.count() == 1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
