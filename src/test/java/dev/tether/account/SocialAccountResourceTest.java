package dev.tether.account;

import static dev.tether.account.Accounts.SHAPE;
import static dev.tether.account.Accounts.SPC;
import static dev.tether.account.Accounts.ids;
import static dev.tether.support.Api.app;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.Api.sandboxProject;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class SocialAccountResourceTest {

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = sandboxProject();
    }

    private Response list(String query) {
        return app(project.apiKey()).get("/v1/social-accounts" + query);
    }

    private static Response browseWithKey(TestProject project, String absoluteUrl) {
        return given().header("Authorization", "Bearer " + project.apiKey()).urlEncodingEnabled(false)
                .get(URI.create(absoluteUrl));
    }

    private String base() {
        return "http://localhost:" + RestAssured.port + "/v1/social-accounts";
    }

    // ------------------------------------------------------------ get and list

    @Test
    void getAnswersTheAccountInTheHostedApiShape() {
        String id = redirectParams(connectSandbox(project, Map.of("platform", "sandbox", "external_id", "user-7"),
                "approve")).get("accountIds");

        Response response = Accounts.get(project, id);

        response.then().statusCode(200)
                .body("id", equalTo(id))
                .body("platform", equalTo("sandbox"))
                .body("username", equalTo("sandbox_user_1"))
                .body("user_id", equalTo("sandbox-user-1"))
                .body("profile_photo_url", containsString("/sandbox/avatars/sandbox-user-1.svg"))
                .body("status", equalTo("connected"))
                .body("external_id", equalTo("user-7"))
                .body("metadata.display_name", equalTo("Sandbox User 1"));
        Map<String, Object> json = response.jsonPath().getMap("");
        assertThat(json.keySet()).containsExactlyInAnyOrderElementsOf(SHAPE);
        assertThat((String) json.get("access_token")).isNotBlank();
        assertThat((String) json.get("access_token_expires_at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void listIsNewestFirstWithMetaAndOnlyTheProjectsAccounts() {
        String first = Accounts.create(project, "sandbox", "u1", "one", null);
        String second = Accounts.create(project, "sandbox", "u2", "two", null);
        String third = Accounts.create(project, "x", "u3", "three", null);
        Accounts.create(sandboxProject(), "sandbox", "u1", "elsewhere", null);

        Response response = list("");

        assertThat(ids(response)).containsExactly(third, second, first);
        response.then().body("meta.total", equalTo(3)).body("meta.offset", equalTo(0))
                .body("meta.limit", equalTo(50)).body("meta.next", nullValue());
        assertThat(response.jsonPath().getMap("data[0]").keySet()).containsExactlyInAnyOrderElementsOf(SHAPE);
    }

    @Test
    void listFiltersAreRepeatableOrCommaSeparatedAndCombine() {
        String alpha = Accounts.create(project, "sandbox", "u1", "alpha", "e1");
        String beta = Accounts.create(project, "sandbox", "u2", "beta", "e2");
        String gamma = Accounts.create(project, "x", "u3", "gamma", "e1");
        Accounts.disconnect(project, beta).then().statusCode(201);

        assertThat(ids(list("?platform=x"))).containsExactly(gamma);
        assertThat(ids(list("?platform=sandbox,x"))).containsExactly(gamma, beta, alpha);
        assertThat(ids(list("?platform=sandbox&platform=x"))).containsExactly(gamma, beta, alpha);
        assertThat(ids(list("?username=alpha&username=gamma"))).containsExactly(gamma, alpha);
        assertThat(ids(list("?username=alph"))).isEmpty();
        assertThat(ids(list("?external_id=e1"))).containsExactly(gamma, alpha);
        assertThat(ids(list("?external_id=e2,nobody"))).containsExactly(beta);
        assertThat(ids(list("?id=" + beta + "," + gamma))).containsExactly(gamma, beta);
        assertThat(ids(list("?id=" + alpha + "&id=spc_unknown"))).containsExactly(alpha);
        assertThat(ids(list("?status=disconnected"))).containsExactly(beta);
        assertThat(ids(list("?status=connected"))).containsExactly(gamma, alpha);
        assertThat(ids(list("?status=connected,disconnected"))).containsExactly(gamma, beta, alpha);
        assertThat(ids(list("?platform=sandbox&status=connected"))).containsExactly(alpha);
        list("?external_id=e1&platform=sandbox").then().body("meta.total", equalTo(1));
    }

    @Test
    void unknownStatusFilterIs400NamingIt() {
        list("?status=connected,active").then().statusCode(400)
                .body("statusCode", equalTo(400))
                .body("message", equalTo("status: unknown status 'active'; one of connected, disconnected"));
    }

    @Test
    void unknownPlatformFilterIs400NamingIt() {
        list("?platform=myspace").then().statusCode(400)
                .body("message", containsString("platform: unknown platform 'myspace'; one of "))
                .body("message", containsString("sandbox"));
    }

    @Test
    void nextLinksToTheFollowingPageWithTheSameFiltersAndIsNullAtTheEnd() {
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            created.add(Accounts.create(project, "sandbox", "user-" + i, "name-" + i, "ext"));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        Response firstPage = list("?external_id=ext&limit=2");
        assertThat(ids(firstPage)).containsExactlyElementsOf(newestFirst.subList(0, 2));
        firstPage.then().body("meta.total", equalTo(5)).body("meta.offset", equalTo(0)).body("meta.limit", equalTo(2));
        String next = firstPage.path("meta.next");
        assertThat(next).startsWith(base() + "?");
        assertThat(Api.query(next)).containsOnly(Map.entry("external_id", "ext"), Map.entry("limit", "2"),
                Map.entry("offset", "2"));

        Response secondPage = browseWithKey(project, next);
        assertThat(ids(secondPage)).containsExactlyElementsOf(newestFirst.subList(2, 4));
        String third = secondPage.path("meta.next");
        assertThat(Api.query(third)).containsOnly(Map.entry("external_id", "ext"), Map.entry("limit", "2"),
                Map.entry("offset", "4"));

        Response lastPage = browseWithKey(project, third);
        assertThat(ids(lastPage)).containsExactly(newestFirst.get(4));
        lastPage.then().body("meta.offset", equalTo(4)).body("meta.next", nullValue());

        list("?limit=2&offset=3").then().body("data.size()", is(2)).body("meta.next", nullValue());
        list("?limit=5").then().body("data.size()", is(5)).body("meta.next", nullValue());
        assertThat(Api.query(list("?limit=4").path("meta.next"))).containsEntry("offset", "4");
        list("?offset=10").then().statusCode(200).body("data", empty()).body("meta.total", equalTo(5))
                .body("meta.next", nullValue());
        list("?status=disconnected").then().body("data", empty()).body("meta.total", equalTo(0))
                .body("meta.next", nullValue());
    }

    @Test
    void invalidOffsetOrLimitIs400NamingTheParameter() {
        list("?limit=0").then().statusCode(400).body("message", equalTo("limit: must be between 1 and 100"));
        list("?limit=101").then().statusCode(400).body("message", equalTo("limit: must be between 1 and 100"));
        list("?limit=ten").then().statusCode(400).body("message", equalTo("limit: must be an integer"));
        list("?limit=1.5").then().statusCode(400).body("message", equalTo("limit: must be an integer"));
        list("?limit=99999999999").then().statusCode(400).body("message", equalTo("limit: must be an integer"));
        list("?offset=-1").then().statusCode(400).body("message", equalTo("offset: must be 0 or greater"));
        list("?offset=x").then().statusCode(400).body("message", equalTo("offset: must be an integer"));
    }

    @Test
    void largestOffsetIsAnEmptyPageNotAFailure() {
        Accounts.create(project, "sandbox", "u1", null, null);

        list("?offset=2147483647&limit=100").then().statusCode(200).body("data", empty())
                .body("meta.total", equalTo(1)).body("meta.next", nullValue());
    }

    // ------------------------------------------------------------ projects and ids

    @Test
    void accountOfAnotherProjectIsNotFoundForEveryOperation() {
        String id = Accounts.create(project, "sandbox", "u1", "mine", "ext-1");
        TestProject other = sandboxProject();

        for (Response response : List.of(
                Accounts.get(other, id),
                app(other.apiKey()).body(Map.of("username", "stolen")).patch("/v1/social-accounts/" + id),
                Accounts.disconnect(other, id),
                app(other.apiKey()).delete("/v1/social-accounts/" + id))) {
            response.then().statusCode(404).body("statusCode", equalTo(404))
                    .body("message", equalTo("Social account not found"));
        }
        assertThat(ids(app(other.apiKey()).get("/v1/social-accounts?id=" + id))).isEmpty();
        Accounts.get(project, id).then().statusCode(200).body("username", equalTo("mine"))
                .body("status", equalTo("connected"));
    }

    @Test
    void malformedOrUnknownIdIs404() {
        for (String id : List.of("nonsense", "spc_", "spc_abc-def", "wbh_abc", "spc_AAAAAAAAAAAAAAAAAAAAA")) {
            Accounts.get(project, id).then().statusCode(404).body("message", equalTo("Social account not found"));
            Accounts.disconnect(project, id).then().statusCode(404);
            app(project.apiKey()).delete("/v1/social-accounts/" + id).then().statusCode(404);
            app(project.apiKey()).body("{}").patch("/v1/social-accounts/" + id).then().statusCode(404);
        }
    }

    @Test
    void withoutAnApiKeyEveryEndpointIs401() {
        given().get("/v1/social-accounts").then().statusCode(401)
                .body("message", equalTo("Authorization token not found."));
        given().contentType(ContentType.JSON).body("{}").post("/v1/social-accounts").then().statusCode(401);
        given().header("Authorization", "Bearer tth_wrong").get("/v1/social-accounts/spc_abc").then().statusCode(401);
    }

    // ------------------------------------------------------------ update

    @Test
    void patchChangesUsernameAndExternalIdOnly() {
        String id = Accounts.create(project, "sandbox", "u1", "before", "ext-1");
        String token = Accounts.get(project, id).path("access_token");

        app(project.apiKey()).body(Map.of("username", "after", "external_id", "ext-2"))
                .patch("/v1/social-accounts/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("username", equalTo("after")).body("external_id", equalTo("ext-2"))
                .body("access_token", equalTo(token)).body("status", equalTo("connected"));

        app(project.apiKey()).body("{\"username\": null, \"ignored\": 1}").patch("/v1/social-accounts/" + id)
                .then().statusCode(200).body("username", equalTo("after")).body("external_id", equalTo("ext-2"));
        assertThat(db.row("select username, external_id from social_account where id = ?", id))
                .containsEntry("username", "after").containsEntry("external_id", "ext-2");
    }

    @Test
    void patchWithAWrongTypeOrBlankValueIs400NamingTheField() {
        String id = Accounts.create(project, "sandbox", "u1", "name", null);
        String path = "/v1/social-accounts/" + id;

        app(project.apiKey()).body("{\"username\": 5}").patch(path).then().statusCode(400)
                .body("message", equalTo("username: wrong type (expected a string)"));
        app(project.apiKey()).body("{\"external_id\": true}").patch(path).then().statusCode(400)
                .body("message", equalTo("external_id: wrong type (expected a string)"));
        app(project.apiKey()).body("{\"external_id\": {\"a\": 1}}").patch(path).then().statusCode(400)
                .body("message", containsString("external_id"));
        app(project.apiKey()).body("{\"username\": \"  \"}").patch(path).then().statusCode(400)
                .body("message", equalTo("username: must not be blank when given"));
        app(project.apiKey()).body("{\"external_id\": \"" + "e".repeat(256) + "\"}").patch(path).then()
                .statusCode(400).body("message", equalTo("external_id: must be at most 255 characters"));
        app(project.apiKey()).body("[]").patch(path).then().statusCode(400);
        app(project.apiKey()).body("{not json").patch(path).then().statusCode(400)
                .body("message", equalTo("The request body is not valid JSON"));
        app(project.apiKey()).patch(path).then().statusCode(400);
        Accounts.get(project, id).then().body("username", equalTo("name"));
    }

    // ------------------------------------------------------------ direct create

    @Test
    void directCreateAnswers201WithAConnectedAccount() {
        Map<String, Object> body = Accounts.body("x", "12345");
        body.put("username", "someone");
        body.put("external_id", "user-9");
        body.put("refresh_token", "refresh-12345");
        body.put("refresh_token_expires_at", "2030-03-01T10:00:00+02:00");
        body.put("metadata", Map.of("connection_type", "oauth2", "nested", Map.of("a", 1)));

        Response response = Accounts.create(project, body);

        response.then().statusCode(201)
                .body("platform", equalTo("x"))
                .body("user_id", equalTo("12345"))
                .body("username", equalTo("someone"))
                .body("external_id", equalTo("user-9"))
                .body("status", equalTo("connected"))
                .body("access_token", equalTo("access-12345"))
                .body("refresh_token", equalTo("refresh-12345"))
                .body("access_token_expires_at", equalTo("2030-01-31T12:00:00Z"))
                .body("refresh_token_expires_at", equalTo("2030-03-01T08:00:00Z"))
                .body("profile_photo_url", nullValue())
                .body("metadata.connection_type", equalTo("oauth2"))
                .body("metadata.nested.a", equalTo(1));
        assertThat((String) response.path("id")).matches(SPC);
        assertThat(response.jsonPath().getMap("").keySet()).containsExactlyInAnyOrderElementsOf(SHAPE);
        Accounts.get(project, response.path("id")).then().statusCode(200).body("refresh_token", equalTo("refresh-12345"));
    }

    @Test
    void directCreateOfAnExistingPlatformUserOverwritesItAndKeepsTheId() {
        String id = redirectParams(connectSandbox(project, Map.of("platform", "sandbox", "external_id", "alice"),
                "approve")).get("accountIds");
        Accounts.disconnect(project, id).then().statusCode(201);

        Map<String, Object> body = Accounts.body("sandbox", "sandbox-user-1");
        body.put("metadata", Map.of("source", "import"));
        Accounts.create(project, body).then().statusCode(201)
                .body("id", equalTo(id))
                .body("status", equalTo("connected"))
                .body("access_token", equalTo("access-sandbox-user-1"))
                .body("refresh_token", equalTo(""))
                .body("refresh_token_expires_at", nullValue())
                .body("username", equalTo("sandbox_user_1"))
                .body("external_id", equalTo("alice"))
                .body("profile_photo_url", containsString("sandbox-user-1.svg"))
                .body("metadata", equalTo(Map.of("source", "import")));

        body.put("external_id", "bob");
        body.put("username", "renamed");
        Accounts.create(project, body).then().statusCode(201).body("id", equalTo(id))
                .body("external_id", equalTo("bob")).body("username", equalTo("renamed"));
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).hasSize(1);
    }

    @Test
    void directCreateWithAMissingOrInvalidFieldIs400NamingIt() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("platform", "platform: is required; one of ");
        expected.put("user_id", "user_id: is required");
        expected.put("access_token", "access_token: is required");
        expected.put("access_token_expires_at", "access_token_expires_at: is required");
        for (Map.Entry<String, String> missing : expected.entrySet()) {
            Map<String, Object> body = Accounts.body("sandbox", "u1");
            body.remove(missing.getKey());
            Accounts.create(project, body).then().statusCode(400)
                    .body("message", containsString(missing.getValue()));
        }

        assertInvalid("platform", "myspace", "platform: unknown platform 'myspace'; one of ");
        assertInvalid("platform", "x_oauth2", "platform: unknown platform 'x_oauth2'");
        assertInvalid("user_id", " ", "user_id: must not be blank when given");
        assertInvalid("user_id", 42, "user_id: wrong type (expected a string)");
        assertInvalid("access_token", "", "access_token: must not be blank when given");
        assertInvalid("access_token", List.of("a"), "access_token: wrong type (expected a string)");
        assertInvalid("access_token_expires_at", "tomorrow", "access_token_expires_at: must be an ISO 8601 date-time");
        assertInvalid("access_token_expires_at", "2030-01-31T12:00:00", "access_token_expires_at: must be an ISO 8601");
        assertInvalid("access_token_expires_at", 1735689600, "access_token_expires_at: wrong type (expected a string)");
        assertInvalid("refresh_token_expires_at", "2030-13-01T00:00:00Z", "refresh_token_expires_at: must be an ISO 8601");
        assertInvalid("username", "", "username: must not be blank when given");
        assertInvalid("external_id", "e".repeat(256), "external_id: must be at most 255 characters");
        assertInvalid("metadata", "text", "metadata: wrong type (expected an object)");
        assertInvalid("metadata", List.of(1), "metadata: wrong type (expected an object)");
        assertInvalid("metadata", Map.of("bluesky_app_password", 7), "metadata.bluesky_app_password: must be a string");

        app(project.apiKey()).body("[]").post("/v1/social-accounts").then().statusCode(400);
        app(project.apiKey()).body("{\"platform\":").post("/v1/social-accounts").then().statusCode(400)
                .body("message", equalTo("The request body is not valid JSON"));
        app(project.apiKey()).post("/v1/social-accounts").then().statusCode(400);
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    private void assertInvalid(String field, Object value, String message) {
        Map<String, Object> body = Accounts.body("sandbox", "u1");
        body.put(field, value);
        Accounts.create(project, body).then().statusCode(400).body("statusCode", equalTo(400))
                .body("message", containsString(message));
    }

    // ------------------------------------------------------------ the auth-url route beside these

    @Test
    void authUrlKeepsWorkingBesideTheAccountRoutes() {
        app(project.apiKey()).body(Map.of("platform", "sandbox")).post("/v1/social-accounts/auth-url")
                .then().statusCode(201).body("platform", equalTo("sandbox"));

        app(project.apiKey()).get("/v1/social-accounts/auth-url").then().statusCode(405)
                .contentType(ContentType.JSON).body("message", equalTo("Method not allowed on this resource"));
        app(project.apiKey()).body("{}").patch("/v1/social-accounts/auth-url").then().statusCode(405)
                .contentType(ContentType.JSON);
        app(project.apiKey()).delete("/v1/social-accounts/auth-url").then().statusCode(405)
                .contentType(ContentType.JSON);
        app(project.apiKey()).post("/v1/social-accounts/auth-url/disconnect").then()
                .statusCode(404).contentType(ContentType.JSON);
    }
}
