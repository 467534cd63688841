package dev.tether.webhook;

import static dev.tether.support.Api.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.Hooks;
import dev.tether.support.Hooks.Subscription;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class WebhookApiTest {

    private static final String URL = "https://hooks.example/tether";

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.createProject("https://app.example/connected");
    }

    @Test
    void createAnswers201WithTheHostedApiFieldsAndAWhsecSecret() {
        app(project.apiKey()).body(Map.of("url", URL, "event_types", List.of("social.account.created")))
                .post("/v1/webhooks").then().statusCode(201)
                .body("id", matchesPattern("wbh_[0-9A-Za-z]{21}"))
                .body("url", equalTo(URL))
                .body("event_types", contains("social.account.created"))
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}="))
                .body("status", equalTo("enabled"));
    }

    @Test
    void secretIsEncryptedAtRestAndShownOnEveryRead() {
        Subscription hook = Hooks.subscribe(project, URL, "social.account.created");

        byte[] stored = (byte[]) db.row("select secret from webhook where id = ?", hook.id()).get("secret");
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(hook.secret().substring(6));
        app(project.apiKey()).get("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("secret", equalTo(hook.secret()));
    }

    @Test
    void duplicateUrlInTheSameProjectIs409ButAnotherProjectMayUseIt() {
        Hooks.subscribe(project, URL, "social.account.created");

        app(project.apiKey()).body(Map.of("url", URL, "event_types", List.of("social.account.updated")))
                .post("/v1/webhooks").then().statusCode(409)
                .body("statusCode", equalTo(409))
                .body("message", equalTo("url: this project already has a webhook with this URL"));
        TestProject other = Api.createProject(null);
        Hooks.subscribe(other, URL, "social.account.created");
    }

    @Test
    void unknownEventTypeIs400NamingItAndItsPosition() {
        app(project.apiKey()).body(Map.of("url", URL, "event_types", List.of("social.account.created", "account.made")))
                .post("/v1/webhooks").then().statusCode(400)
                .body("message", equalTo("event_types[1]: unknown event type 'account.made'; one of "
                        + String.join(", ", WebhookEventType.wireNames())));
    }

    @Test
    void missingOrEmptyEventTypesIs400() {
        app(project.apiKey()).body(Map.of("url", URL)).post("/v1/webhooks").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.startsWith("event_types: must list at least one event type"));
        app(project.apiKey()).body(Map.of("url", URL, "event_types", List.of())).post("/v1/webhooks").then()
                .statusCode(400)
                .body("message", org.hamcrest.Matchers.startsWith("event_types: must list at least one event type"));
    }

    @Test
    void nonHttpOrRelativeOrMissingUrlIs400NamingUrl() {
        List<String> types = List.of("social.account.created");
        app(project.apiKey()).body(Map.of("url", "ftp://hooks.example/x", "event_types", types))
                .post("/v1/webhooks").then().statusCode(400)
                .body("message", equalTo("url: must be an http or https URL"));
        app(project.apiKey()).body(Map.of("url", "/relative", "event_types", types))
                .post("/v1/webhooks").then().statusCode(400)
                .body("message", equalTo("url: must be an absolute URL"));
        app(project.apiKey()).body(Map.of("event_types", types))
                .post("/v1/webhooks").then().statusCode(400)
                .body("message", equalTo("url: is required"));
        app(project.apiKey()).body(Map.of("url", "https://user:pw@hooks.example/x", "event_types", types))
                .post("/v1/webhooks").then().statusCode(400)
                .body("message", equalTo("url: must not contain user credentials"));
    }

    @Test
    void unknownOrMalformedIdIs404NotA500() {
        for (String id : List.of("wbh_doesNotExist0000000", "nonsense", "wbh_%27%3B")) {
            app(project.apiKey()).get("/v1/webhooks/" + id).then().statusCode(404)
                    .body("message", equalTo("Webhook not found"));
            app(project.apiKey()).body(Map.of("url", URL)).patch("/v1/webhooks/" + id).then().statusCode(404);
            app(project.apiKey()).delete("/v1/webhooks/" + id).then().statusCode(404);
            app(project.apiKey()).get("/v1/webhooks/" + id + "/events").then().statusCode(404);
        }
    }

    @Test
    void anotherProjectsWebhookIs404() {
        Subscription hook = Hooks.subscribe(project, URL, "social.account.created");
        TestProject other = Api.createProject(null);

        app(other.apiKey()).get("/v1/webhooks/" + hook.id()).then().statusCode(404);
        app(other.apiKey()).delete("/v1/webhooks/" + hook.id()).then().statusCode(404);
        app(project.apiKey()).get("/v1/webhooks/" + hook.id()).then().statusCode(200);
    }

    @Test
    void patchEventTypesReplacesTheSet() {
        Subscription hook = Hooks.subscribe(project, URL, "social.account.created", "social.post.created");

        app(project.apiKey()).body(Map.of("event_types", List.of("social.account.updated")))
                .patch("/v1/webhooks/" + hook.id()).then().statusCode(200)
                .body("event_types", contains("social.account.updated"))
                .body("url", equalTo(URL))
                .body("secret", equalTo(hook.secret()));
        assertThat(db.row("select event_types from webhook where id = ?", hook.id()).get("event_types"))
                .isEqualTo(List.of("social.account.updated"));
    }

    @Test
    void patchUrlToAnotherWebhooksUrlIs409AndBadValuesAre400() {
        Subscription first = Hooks.subscribe(project, URL, "social.account.created");
        Subscription second = Hooks.subscribe(project, URL + "/2", "social.account.created");

        app(project.apiKey()).body(Map.of("url", first.url())).patch("/v1/webhooks/" + second.id()).then()
                .statusCode(409);
        app(project.apiKey()).body(Map.of("url", "mailto:x@example.com")).patch("/v1/webhooks/" + second.id())
                .then().statusCode(400).body("message", equalTo("url: must be an http or https URL"));
        app(project.apiKey()).body(Map.of("event_types", "social.account.created")).patch("/v1/webhooks/" + second.id())
                .then().statusCode(400).body("message", equalTo("event_types: must be an array of strings"));
        app(project.apiKey()).body(Map.of("status", "paused")).patch("/v1/webhooks/" + second.id())
                .then().statusCode(400).body("message", equalTo("status: must be enabled or disabled"));
        app(project.apiKey()).body(Map.of("url", URL + "/3")).patch("/v1/webhooks/" + second.id()).then()
                .statusCode(200).body("url", equalTo(URL + "/3"));
    }

    @Test
    void deleteAnswersSuccessAndTheWebhookIsGone() {
        Subscription hook = Hooks.subscribe(project, URL, "social.account.created");

        app(project.apiKey()).delete("/v1/webhooks/" + hook.id()).then().statusCode(200).body("success", equalTo(true));
        app(project.apiKey()).get("/v1/webhooks/" + hook.id()).then().statusCode(404);
        assertThat(db.rows("select id from webhook where id = ?", hook.id())).isEmpty();
    }

    @Test
    void rotateSecretReplacesIt() {
        Subscription hook = Hooks.subscribe(project, URL, "social.account.created");

        String rotated = app(project.apiKey()).post("/v1/webhooks/" + hook.id() + "/rotate-secret").then()
                .statusCode(201).body("secret", not(equalTo(hook.secret()))).extract().path("secret");
        assertThat(rotated).startsWith("whsec_");
        app(project.apiKey()).get("/v1/webhooks/" + hook.id()).then().body("secret", equalTo(rotated));
    }

    @Test
    void listIsNewestFirstWithFiltersAndFullEventTypes() {
        Subscription a = Hooks.subscribe(project, URL + "/a", "social.account.created", "social.account.updated");
        Subscription b = Hooks.subscribe(project, URL + "/b", "social.account.updated");
        Subscription c = Hooks.subscribe(project, URL + "/c", "social.post.created");

        app(project.apiKey()).get("/v1/webhooks").then().statusCode(200)
                .body("data.id", contains(c.id(), b.id(), a.id()))
                .body("meta.total", equalTo(3))
                .body("meta.next", nullValue());
        app(project.apiKey()).get("/v1/webhooks?event_type=social.account.created").then().statusCode(200)
                .body("data.id", contains(a.id()))
                .body("data[0].event_types", contains("social.account.created", "social.account.updated"));
        app(project.apiKey()).get("/v1/webhooks?event_type=social.account.created,social.post.created").then()
                .body("data.id", contains(c.id(), a.id()));
        app(project.apiKey()).get("/v1/webhooks?url=" + URL + "/b&url=" + URL + "/c").then()
                .body("data.id", contains(c.id(), b.id()));
        app(project.apiKey()).get("/v1/webhooks?id=" + a.id()).then().body("data.id", contains(a.id()));
        app(project.apiKey()).get("/v1/webhooks?event_type=nope").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.startsWith("event_type: unknown event type 'nope'"));
    }

    @Test
    void listPaginatesWithOffsetLimitAndNext() {
        Subscription a = Hooks.subscribe(project, URL + "/a", "social.account.created");
        Subscription b = Hooks.subscribe(project, URL + "/b", "social.account.created");
        Hooks.subscribe(project, URL + "/c", "social.account.created");

        Response page = app(project.apiKey()).get("/v1/webhooks?limit=2&offset=1");
        page.then().statusCode(200).body("data.id", contains(b.id(), a.id()))
                .body("meta.offset", equalTo(1)).body("meta.limit", equalTo(2)).body("meta.next", nullValue());
        String next = app(project.apiKey()).get("/v1/webhooks?limit=1").then().extract().path("meta.next");
        assertThat(Api.query(next)).containsEntry("offset", "1").containsEntry("limit", "1");
        app(project.apiKey()).get("/v1/webhooks?limit=0").then().statusCode(400)
                .body("message", equalTo("limit: must be between 1 and 100"));
    }

    @Test
    void webhooksNeedAnApiKey() {
        io.restassured.RestAssured.given().get("/v1/webhooks").then().statusCode(401);
    }
}
