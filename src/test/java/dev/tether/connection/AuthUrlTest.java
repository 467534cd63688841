package dev.tether.connection;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.common.Hashing;
import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class AuthUrlTest {

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.sandboxProject();
    }

    @Test
    void answers201WithUrlPlatformAndAttemptId() {
        app(project.apiKey()).body(Map.of("platform", "sandbox")).post("/v1/social-accounts/auth-url").then()
                .statusCode(201).body("platform", equalTo("sandbox"))
                .body("url", org.hamcrest.Matchers.startsWith("http://localhost:" + RestAssured.port + "/sandbox/oauth/authorize?"))
                .body("attempt_id", org.hamcrest.Matchers.matchesPattern("cat_[0-9A-Za-z]{21}"));
    }

    @Test
    void twoCallsNeverReturnTheSameLinkOrState() {
        Link first = authUrl(project, "sandbox");
        Link second = authUrl(project, "sandbox");

        assertThat(second.url()).isNotEqualTo(first.url());
        assertThat(second.attemptId()).isNotEqualTo(first.attemptId());
        assertThat(query(second.url()).get("state")).isNotEqualTo(query(first.url()).get("state"));
        assertThat(query(second.url()).get("code_challenge")).isNotEqualTo(query(first.url()).get("code_challenge"));
    }

    @Test
    void stateHasAtLeast128BitsAndIsStoredOnlyAsAHash() {
        Link link = authUrl(project, "sandbox");
        String state = query(link.url()).get("state");

        assertThat(state).matches("[A-Za-z0-9_-]{43}"); // 256 random bits, base64url
        Map<String, Object> row = db.row("select * from connection_attempt where id = ?", link.attemptId());
        assertThat(row).containsEntry("attempt_key_hash", Hashing.sha256Hex(state)).containsEntry("status", "pending");
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(state));
        byte[] verifier = (byte[]) row.get("code_verifier");
        assertThat(verifier[0]).isEqualTo((byte) 1); // the encrypted format, not the 43-character verifier
        assertThat(verifier).hasSize(1 + 12 + 43 + 16);
    }

    @Test
    void feedsPermissionAddsScopesAndOverridesReplaceThem() {
        assertThat(query(authUrl(project, Map.of("platform", "sandbox", "permissions", List.of("posts", "feeds"))).url()))
                .containsEntry("scope", "profile publish insights");
        assertThat(query(authUrl(project, Map.of("platform", "sandbox", "permissions", List.of("feeds"),
                "platform_data", Map.of("sandbox", Map.of("permission_overrides", List.of("read_only"))))).url()))
                .containsEntry("scope", "read_only");
    }

    @Test
    void redirectUrlOverrideIsTheRedirectUriAndIsReusedInTheTokenExchange() {
        String override = "https://app.example/oauth/forward";
        Link link = authUrl(project, Map.of("platform", "sandbox", "redirect_url_override", override));
        assertThat(query(link.url())).containsEntry("redirect_uri", override);

        String atApp = Api.sandboxConsent(link, "approve");
        assertThat(atApp).startsWith(override + "?");
        // The app forwards the query string to Tether's callback; the sandbox token endpoint checks redirect_uri.
        String forwarded = "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/sandbox/account?"
                + java.net.URI.create(atApp).getRawQuery();
        assertThat(Api.redirectParams(Api.callback(forwarded))).containsEntry("isSuccess", "true");
    }

    @Test
    void legacyVariantNamesAreAcceptedAndEchoed() {
        Api.putCredentials(project.id(), "x", "oauth2", "x-client", "x-secret");

        app(project.apiKey()).body(Map.of("platform", "x_oauth2")).post("/v1/social-accounts/auth-url").then()
                .statusCode(201).body("platform", equalTo("x_oauth2"));
    }

    @Test
    void invalidInputIsA400NamingTheField() {
        expect400(Map.of(), "platform: is required; one of ");
        expect400(Map.of("platform", "myspace"), "platform: unknown platform 'myspace'");
        expect400(Map.of("platform", "sandbox", "permissions", List.of("posts", "write")), "permissions[1]: must be one of posts, feeds");
        expect400(Map.of("platform", "sandbox", "permissions", "feeds"), "permissions: wrong type (expected an array)");
        expect400(Map.of("platform", "sandbox", "platform_data", "yes"), "platform_data: must be an object");
        expect400(Map.of("platform", "sandbox", "platform_data", Map.of("sandbox", 3)), "platform_data.sandbox: must be an object");
        expect400(Map.of("platform", "sandbox", "platform_data", Map.of("sandbox", Map.of("permission_overrides", "a b"))),
                "platform_data.sandbox.permission_overrides: must be an array of scope strings");
        expect400(Map.of("platform", "sandbox", "platform_data", Map.of("sandbox", Map.of("permission_overrides", List.of("a b")))),
                "platform_data.sandbox.permission_overrides[0]: must be a scope name");
        expect400(Map.of("platform", "sandbox", "redirect_url_override", "ftp://files.example/x"),
                "redirect_url_override: must be an http or https URL");
        expect400(Map.of("platform", "sandbox", "redirect_url_override", "not a url"), "redirect_url_override: is not a valid URL");
        expect400(Map.of("platform", "sandbox", "external_id", "x".repeat(256)), "external_id: must be at most 255 characters");
        expect400(Map.of("platform", "x", "platform_data", Map.of("x", Map.of("connection_type", "oauth9"))),
                "platform_data.x.connection_type: must be one of");
        expect400(Map.of("platform", 1), "platform: wrong type (expected a string)");
        expect400(Map.of("platform", "sandbox", "external_id", 42), "external_id: wrong type (expected a string)");
    }

    @Test
    void malformedBodiesAre400() {
        app(project.apiKey()).body("{\"platform\": \"sandbox\"").post("/v1/social-accounts/auth-url").then()
                .statusCode(400).body("message", equalTo("The request body is not valid JSON"));
        app(project.apiKey()).body("[\"sandbox\"]").post("/v1/social-accounts/auth-url").then()
                .statusCode(400).body("message", containsString("wrong shape"));
        app(project.apiKey()).post("/v1/social-accounts/auth-url").then()
                .statusCode(400).body("message", equalTo("The request body is required (a JSON object)"));
        app(project.apiKey()).contentType("text/plain").body("platform=sandbox").post("/v1/social-accounts/auth-url")
                .then().statusCode(415).body("statusCode", equalTo(415));
    }

    @Test
    void platformWithoutCredentialsIsA404NamingIt() {
        app(project.apiKey()).body(Map.of("platform", "x")).post("/v1/social-accounts/auth-url").then()
                .statusCode(404).body("message", containsString("No app credentials for x"));
    }

    @Test
    void unknownRoutesAndBadIdsAre404JsonNever500() {
        app(project.apiKey()).get("/v1/connection-attempts/not-an-id").then().statusCode(404)
                .body("message", equalTo("Connection attempt not found"));
        app(project.apiKey()).get("/v1/connection-attempts/cat_000000000000000000000").then().statusCode(404);
        app(project.apiKey()).get("/v1/does-not-exist").then().statusCode(404).body("statusCode", equalTo(404));
        app(project.apiKey()).get("/v1/connection-attempts?limit=0").then().statusCode(400)
                .body("message", equalTo("limit: must be between 1 and 100"));
        app(project.apiKey()).get("/v1/connection-attempts?offset=-1").then().statusCode(400)
                .body("message", equalTo("offset: must be 0 or greater"));
        app(project.apiKey()).get("/v1/connection-attempts?status=done").then().statusCode(400)
                .body("message", containsString("status: unknown status 'done'"));
    }

    @Test
    void attemptListFiltersAndPages() {
        Link a = authUrl(project, Map.of("platform", "sandbox", "external_id", "alice"));
        Link b = authUrl(project, Map.of("platform", "sandbox", "external_id", "bob"));
        Link c = authUrl(project, Map.of("platform", "sandbox", "external_id", "alice"));

        List<String> alice = app(project.apiKey()).get("/v1/connection-attempts?external_id=alice").then().statusCode(200)
                .body("meta.total", equalTo(2)).extract().path("data.id");
        assertThat(alice).containsExactly(c.attemptId(), a.attemptId());

        String next = app(project.apiKey()).get("/v1/connection-attempts?limit=2&status=pending").then().statusCode(200)
                .body("meta.total", equalTo(3)).body("meta.limit", equalTo(2)).body("data.size()", equalTo(2))
                .extract().path("meta.next");
        assertThat(next).contains("offset=2").contains("limit=2").contains("status=pending");
        app(project.apiKey()).get(java.net.URI.create(next).getRawPath() + "?" + java.net.URI.create(next).getRawQuery())
                .then().statusCode(200).body("data.id", org.hamcrest.Matchers.contains(a.attemptId()))
                .body("meta.next", org.hamcrest.Matchers.nullValue());
        app(project.apiKey()).get("/v1/connection-attempts?id=" + a.attemptId() + "," + b.attemptId()).then()
                .body("meta.total", equalTo(2));
    }

    private void expect400(Map<String, Object> body, String messageStart) {
        app(project.apiKey()).body(body).post("/v1/social-accounts/auth-url").then()
                .statusCode(400).body("message", org.hamcrest.Matchers.startsWith(messageStart));
    }
}
