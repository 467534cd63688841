package dev.tether.webhook;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.webhook.WebhookTests.await;
import static dev.tether.webhook.WebhookTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.Hooks;
import dev.tether.support.Hooks.Subscription;
import dev.tether.support.Receiver;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The accounts API's writes report themselves: PATCH and disconnect as updated, direct create as created. */
@QuarkusTest
class AccountApiWebhookTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookWorker worker;

    Db db;
    TestProject project;
    Receiver receiver;
    Subscription hook;
    String accountId;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.sandboxProject();
        accountId = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve")).get("accountIds");
        receiver = Receiver.start();
        hook = Hooks.subscribe(project, receiver.url(), "social.account.created", "social.account.updated");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        WebhookTests.settle(db, worker);
    }

    @Test
    void patchSendsOneUpdatedEventWithTheChangedAccount() throws Exception {
        app(project.apiKey()).body(Map.of("username", "renamed")).patch("/v1/social-accounts/" + accountId)
                .then().statusCode(200);

        await(() -> receiver.count() == 1);
        JsonNode event = json(receiver.received().get(0).body());
        assertThat(event.path("event_type").asText()).isEqualTo("social.account.updated");
        assertThat(event.path("data").path("id").asText()).isEqualTo(accountId);
        assertThat(event.path("data").path("username").asText()).isEqualTo("renamed");
        WebhookTests.verify(hook.secret(), receiver.received().get(0));
    }

    @Test
    void disconnectSendsOneUpdatedEventWithTheAccountDisconnected() {
        app(project.apiKey()).post("/v1/social-accounts/" + accountId + "/disconnect").then().statusCode(201);

        await(() -> receiver.count() == 1);
        JsonNode data = json(receiver.received().get(0).body()).path("data");
        assertThat(json(receiver.received().get(0).body()).path("event_type").asText()).isEqualTo("social.account.updated");
        assertThat(data.path("status").asText()).isEqualTo("disconnected");
        assertThat(data.path("access_token").asText()).isEmpty();
        assertThat(data.path("refresh_token").asText()).isEmpty();
    }

    @Test
    void directCreateSendsOneCreatedEvent() {
        String created = app(project.apiKey()).body(Map.of("platform", "sandbox", "user_id", "direct-user-1",
                "access_token", "token-from-the-app", "access_token_expires_at", "2030-01-01T00:00:00Z"))
                .post("/v1/social-accounts").then().statusCode(201).extract().path("id");

        await(() -> receiver.count() == 1);
        JsonNode event = json(receiver.received().get(0).body());
        assertThat(event.path("event_type").asText()).isEqualTo("social.account.created");
        assertThat(event.path("data").path("id").asText()).isEqualTo(created);
        assertThat(event.path("data").path("user_id").asText()).isEqualTo("direct-user-1");
    }

    @Test
    void invalidPatchAndDeleteSendNothing() {
        app(project.apiKey()).body(Map.of("username", 5)).patch("/v1/social-accounts/" + accountId).then().statusCode(400);
        app(project.apiKey()).delete("/v1/social-accounts/" + accountId).then().statusCode(200);

        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> receiver.count() == 0);
        assertThat(WebhookTests.events(db, hook.id())).isEmpty();
    }
}
