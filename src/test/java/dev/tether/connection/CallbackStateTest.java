package dev.tether.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.browse;
import static dev.tether.support.Api.callback;
import static dev.tether.support.Api.query;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.StubServers.wireMock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.StubServers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** The single-use state: reused, unknown and misplaced states fail without a token request; concurrency is safe. */
@QuarkusTest
class CallbackStateTest {

    static final String LINK_UNUSABLE = "This connection link is unknown or was already used; create a new link";

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        StubServers.resetStubs();
        wireMock().stubFor(get(urlPathEqualTo("/x/2/users/me"))
                .willReturn(okJson("{\"data\":{\"id\":\"783214\",\"username\":\"X\"}}")));
        project = Api.createProject("https://app.example/done");
        Api.putCredentials(project.id(), "x", null, "x-client", "x-secret");
        Api.putCredentials(project.id(), "sandbox", null, "sandbox-client", "sandbox-secret");
    }

    @Test
    void reusedStateRedirectsWithErrorAndMakesNoSecondTokenRequest() {
        String toCallback = authorizeAtX(authUrl(project, "x"));
        assertThat(redirectParams(callback(toCallback))).containsEntry("isSuccess", "true");

        Map<String, String> second = redirectParams(callback(toCallback));

        assertThat(second).containsEntry("provider", "x").containsEntry("projectId", project.id())
                .containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", LINK_UNUSABLE);
        assertThat(tokenRequestsFor(query(toCallback).get("code"))).isEqualTo(1);
    }

    @Test
    void unknownStateRedirectsWithErrorAndMakesNoTokenRequest() {
        Map<String, String> params = redirectParams(browse(callbackBase("x") + "?code=anything&state=notAStateTetherIssued"));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("error", LINK_UNUSABLE);
        assertThat(wireMock().findAll(postRequestedFor(urlEqualTo("/x/2/oauth2/token")))).isEmpty();
    }

    @Test
    void missingStateRedirectsWithErrorAndMakesNoTokenRequest() {
        Map<String, String> params = redirectParams(browse(callbackBase("x") + "?code=anything"));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "The platform's redirect carries no state; start the connection again");
        assertThat(wireMock().findAll(postRequestedFor(urlEqualTo("/x/2/oauth2/token")))).isEmpty();
    }

    @Test
    void stateFromAnotherPlatformsPathIsRejectedAndLeavesThatAttemptUsable() {
        Link sandboxLink = authUrl(project, "sandbox");
        String sandboxState = query(sandboxLink.url()).get("state");

        Map<String, String> params = redirectParams(browse(callbackBase("x") + "?code=stolen&state=" + sandboxState));

        assertThat(params).containsEntry("provider", "x").containsEntry("isSuccess", "false")
                .containsEntry("error", LINK_UNUSABLE);
        assertThat(wireMock().findAll(postRequestedFor(urlEqualTo("/x/2/oauth2/token")))).isEmpty();
        assertThat(db.row("select status from connection_attempt where id = ?", sandboxLink.attemptId()))
                .containsEntry("status", "pending");
        assertThat(redirectParams(callback(Api.sandboxConsent(sandboxLink, "approve"))))
                .containsEntry("isSuccess", "true");
    }

    @Test
    void stateOfAnotherProjectIsRejected() {
        TestProject other = Api.createProject("https://other.example/done");
        Api.putCredentials(other.id(), "sandbox", null, "c", "s");
        Link otherLink = authUrl(other, "sandbox");
        String state = query(otherLink.url()).get("state");

        Map<String, String> params = redirectParams(browse(callbackBase("sandbox") + "?code=x&state=" + state));

        assertThat(params).containsEntry("projectId", project.id()).containsEntry("error", LINK_UNUSABLE);
        assertThat(db.row("select status from connection_attempt where id = ?", otherLink.attemptId()))
                .containsEntry("status", "pending");
    }

    @Test
    void twoConcurrentCallbacksWithOneStateMakeOneTokenExchangeAndOneAccount() throws Exception {
        String toCallback = authorizeAtX(authUrl(project, "x"));
        String code = query(toCallback).get("code");
        // Slow the token exchange down so that the second callback arrives while the first is in flight.
        wireMock().stubFor(post(urlEqualTo("/x/2/oauth2/token")).atPriority(1)
                .withRequestBody(containing("code=" + code))
                .willReturn(aResponse().proxiedFrom(StubServers.oauth2().issuerUrl(StubServers.X_ISSUER).toString())
                        .withProxyUrlPrefixToRemove("/x/2/oauth2").withFixedDelay(500)));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Map<String, String>> call = () -> redirectParams(callback(toCallback));
            List<Future<Map<String, String>>> results = pool.invokeAll(List.of(call, call));
            List<Map<String, String>> outcomes = List.of(results.get(0).get(), results.get(1).get());

            assertThat(outcomes).filteredOn(p -> "true".equals(p.get("isSuccess"))).hasSize(1);
            assertThat(outcomes).filteredOn(p -> "false".equals(p.get("isSuccess")))
                    .singleElement().satisfies(p -> assertThat(p).containsEntry("error", LINK_UNUSABLE));
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokenRequestsFor(code)).isEqualTo(1);
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).hasSize(1);
    }

    @Test
    void twoConcurrentConnectionsOfTheSameNewAccountShareOneRowAndBothSucceed() throws Exception {
        String first = Api.sandboxConsent(authUrl(project, "sandbox"), "approve");
        String second = Api.sandboxConsent(authUrl(project, "sandbox"), "approve");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, String>>> results = pool.invokeAll(List.of(
                    () -> redirectParams(callback(first)), () -> redirectParams(callback(second))));
            Map<String, String> a = results.get(0).get();
            Map<String, String> b = results.get(1).get();

            assertThat(a).containsEntry("isSuccess", "true").doesNotContainKey("error");
            assertThat(b).containsEntry("isSuccess", "true").doesNotContainKey("error");
            assertThat(a.get("accountIds")).isEqualTo(b.get("accountIds"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.rows("select id from social_account where project_id = ? and platform = 'sandbox'", project.id()))
                .hasSize(1);
    }

    private long tokenRequestsFor(String code) {
        return wireMock().findAll(postRequestedFor(urlEqualTo("/x/2/oauth2/token"))).stream()
                .filter(r -> r.getBodyAsString().contains("code=" + code)).count();
    }

    private String authorizeAtX(Link link) {
        Response authorize = browse(link.url().replace("&scope=", "&scope=openid%20"));
        authorize.then().statusCode(302);
        return authorize.header("Location");
    }

    private String callbackBase(String platform) {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/" + platform + "/account";
    }
}
