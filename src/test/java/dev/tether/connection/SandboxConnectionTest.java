package dev.tether.connection;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.callback;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.Api.sandboxConsent;
import static dev.tether.support.Api.sandboxProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SandboxConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = sandboxProject();
    }

    @Test
    void approveConnectsOneAccountAndRedirectsWithExactlyFourParameters() {
        Link link = authUrl(project, Map.of("platform", "sandbox", "external_id", "user-7"));
        Response response = callback(sandboxConsent(link, "approve"));

        Map<String, String> params = redirectParams(response);
        assertThat(response.header("Location")).startsWith("https://app.example/connected?provider=sandbox&");
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "sandbox").containsEntry("projectId", project.id())
                .containsEntry("isSuccess", "true");
        assertThat(params.get("accountIds")).matches(SPC);

        Map<String, Object> account = db.row("select * from social_account where id = ?", params.get("accountIds"));
        assertThat(account).containsEntry("project_id", project.id()).containsEntry("platform", "sandbox")
                .containsEntry("user_id", "sandbox-user-1").containsEntry("username", "sandbox_user_1")
                .containsEntry("status", "connected").containsEntry("external_id", "user-7");
        assertThat((byte[]) account.get("access_token")).isNotEmpty();
        assertThat((byte[]) account.get("refresh_token")).isNotEmpty();
        assertThat(account.get("access_token_expires_at")).isNotNull();

        app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("account_ids", org.hamcrest.Matchers.contains(params.get("accountIds")))
                .body("failed_account_ids", org.hamcrest.Matchers.empty())
                .body("error", org.hamcrest.Matchers.nullValue())
                .body("external_id", org.hamcrest.Matchers.equalTo("user-7"))
                .body("completed_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void approveMultipleRedirectsWithBothIdsInPlatformOrderCommaJoined() {
        Response response = connectSandbox(project, Map.of("platform", "sandbox"), "approve_multiple");

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        List<String> ids = List.of(params.get("accountIds").split(","));
        assertThat(ids).hasSize(2).allMatch(id -> id.matches(SPC));
        assertThat(response.header("Location")).contains("accountIds=" + ids.get(0) + "%2C" + ids.get(1));
        assertThat(db.row("select user_id from social_account where id = ?", ids.get(0)))
                .containsEntry("user_id", "sandbox-user-1");
        assertThat(db.row("select user_id from social_account where id = ?", ids.get(1)))
                .containsEntry("user_id", "sandbox-user-2");
    }

    @Test
    void partialSucceedsWithTheRefusedAccountInFailedAccountIdsAndAnError() {
        Link link = authUrl(project, Map.of("platform", "sandbox"));
        Response response = callback(sandboxConsent(link, "partial"));

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds",
                "failedAccountIds", "error");
        assertThat(params).containsEntry("isSuccess", "true")
                .containsEntry("error", "sandbox_user_2: the platform refused this account: it has no permission to publish");
        assertThat(response.header("Location")).contains("&error=sandbox_user_2%3A%20the%20platform%20refused");

        Map<String, Object> refused = db.row("select * from social_account where id = ?", params.get("failedAccountIds"));
        assertThat(refused).containsEntry("user_id", "sandbox-user-2").containsEntry("status", "disconnected");
        assertThat(refused.get("access_token")).isNull();
        assertThat(refused.get("metadata").toString()).contains("connection_error");

        app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("failed_account_ids", org.hamcrest.Matchers.contains(params.get("failedAccountIds")))
                .body("error", containsString("sandbox_user_2"));
    }

    @Test
    void denyRedirectsWithACancellationMessageAndStoresNothing() {
        Link link = authUrl(project, Map.of("platform", "sandbox"));
        Response response = callback(sandboxConsent(link, "deny"));

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
        app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("error", org.hamcrest.Matchers.equalTo("access_denied: the user cancelled the authorization"));
    }

    @Test
    void reconnectingTheSameUserKeepsTheAccountIdAndRow() {
        String first = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve")).get("accountIds");
        String second = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve")).get("accountIds");

        assertThat(second).isEqualTo(first);
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).hasSize(1);
    }

    @Test
    void callbackUrlWithAQueryStringKeepsItAndAppendsWithAmpersand() {
        TestProject withQuery = Api.createProject("https://app.example/cb?tenant=7#done");
        Api.putCredentials(withQuery.id(), "sandbox", null, "c", "s");

        Response response = connectSandbox(withQuery, Map.of("platform", "sandbox"), "approve");

        assertThat(response.header("Location"))
                .startsWith("https://app.example/cb?tenant=7&provider=sandbox&projectId=" + withQuery.id() + "&isSuccess=true")
                .endsWith("#done");
    }

    @Test
    void redirectCarriesNoStoreAndNoReferrerAndNeverTheCodeOrState() {
        Link link = authUrl(project, Map.of("platform", "sandbox"));
        String toCallback = sandboxConsent(link, "approve");
        Response response = callback(toCallback);

        response.then().statusCode(302).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
        Map<String, String> platformRedirect = Api.query(toCallback);
        assertThat(response.header("Location")).doesNotContain(platformRedirect.get("state"))
                .doesNotContain(platformRedirect.get("code"));
    }

    @Test
    void projectWithoutCallbackUrlGetsAResultPage() {
        TestProject noCallback = Api.createProject(null);
        Api.putCredentials(noCallback.id(), "sandbox", null, "c", "s");

        Response approved = connectSandbox(noCallback, Map.of("platform", "sandbox"), "approve");
        approved.then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store")
                .body(containsString("Account connected"));

        Response denied = connectSandbox(noCallback, Map.of("platform", "sandbox"), "deny");
        denied.then().statusCode(200).body(containsString("Connection failed"))
                .body(containsString("access_denied: the user cancelled the authorization"));
    }

    @Test
    void unknownProjectGetsAnHtmlErrorPage() {
        Api.browse("http://localhost:" + io.restassured.RestAssured.port
                + "/callback/proj_doesNotExist123/sandbox/account?code=abc&state=def")
                .then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("Connection failed"));
    }
}
