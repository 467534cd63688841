package dev.tether.platform.threads;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.tether.account.SocialAccount;
import dev.tether.common.SecretBox;
import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.StubServers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

@QuarkusTest
class ThreadsConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";
    private static final String TOKEN_PATH = "/threads/oauth/access_token";
    private static final String EXCHANGE_PATH = "/threads/access_token";
    private static final String PROFILE_PATH = "/threads/me";
    private static final long LONG_LIVED_SECONDS = 5_183_944;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretBox box;

    Db db;
    WireMockServer wireMock;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        StubServers.resetStubs();
        wireMock = StubServers.wireMock();
        project = Api.createProject("https://app.example/connected");
        Api.putCredentials(project.id(), "threads", null, "th-app-id", "th-app-secret");
    }

    @Test
    void authorizationLinkGoesToThreadsWithClientIdScopesAndState() {
        Link link = authUrl(project, "threads");

        assertThat(link.url()).startsWith("https://threads.net/oauth/authorize?");
        Map<String, String> params = Api.query(link.url());
        assertThat(params.keySet()).containsExactly("client_id", "redirect_uri", "scope", "response_type", "state");
        assertThat(params).containsEntry("client_id", "th-app-id").containsEntry("redirect_uri", callbackUri())
                .containsEntry("scope", "threads_basic,threads_content_publish")
                .containsEntry("response_type", "code");
        assertThat(params.get("state")).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void feedsAddsManageInsightsAndOverridesReplaceEverything() {
        Link feeds = authUrl(project, Map.of("platform", "threads", "permissions", List.of("feeds")));
        Link overridden = authUrl(project, Map.of("platform", "threads", "permissions", List.of("feeds"),
                "platform_data", Map.of("threads", Map.of("permission_overrides", List.of("threads_basic")))));

        assertThat(Api.query(feeds.url()).get("scope"))
                .isEqualTo("threads_basic,threads_content_publish,threads_manage_insights");
        assertThat(Api.query(overridden.url()).get("scope")).isEqualTo("threads_basic");
    }

    @Test
    void callbackStoresTheUserWithTheLongLivedTokenAndNoRefreshToken() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"access_token": "th-short-token", "user_id": 25000000000000001}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(EXCHANGE_PATH)).willReturn(okJson("""
                {"access_token": "th-long-token", "token_type": "bearer", "expires_in": 5183944}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(PROFILE_PATH)).willReturn(okJson("""
                {"id": "25000000000000001", "username": "corner.bakery", "name": "Corner Bakery",
                 "threads_profile_picture_url": "https://cdn.example/th/corner.jpg"}
                """)));
        Link link = authUrl(project, Map.of("platform", "threads", "external_id", "customer-5"));

        Instant before = Instant.now();
        Response response = callback(link, "th-code-1");
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "threads").containsEntry("projectId", project.id())
                .containsEntry("isSuccess", "true");
        String id = params.get("accountIds");
        assertThat(id).matches(SPC);
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "threads").containsEntry("user_id", "25000000000000001")
                .containsEntry("username", "corner.bakery")
                .containsEntry("profile_photo_url", "https://cdn.example/th/corner.jpg")
                .containsEntry("status", "connected").containsEntry("external_id", "customer-5");
        assertThat(box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext(id)))
                .isEqualTo("th-long-token");
        assertThat(row.get("refresh_token")).isNull();
        assertThat(row.get("refresh_token_expires_at")).isNull();
        assertThat(((Instant) row.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(LONG_LIVED_SECONDS).minusSeconds(1), after.plusSeconds(LONG_LIVED_SECONDS));
        assertThat(row.get("metadata").toString()).isEqualTo("{\"display_name\": \"Corner Bakery\"}");

        wireMock.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withFormParam("client_id", equalTo("th-app-id"))
                .withFormParam("client_secret", equalTo("th-app-secret"))
                .withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo("th-code-1"))
                .withFormParam("redirect_uri", equalTo(Api.query(link.url()).get("redirect_uri")))
                .withFormParam("redirect_uri", equalTo(callbackUri())));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(EXCHANGE_PATH))
                .withQueryParam("grant_type", equalTo("th_exchange_token"))
                .withQueryParam("client_secret", equalTo("th-app-secret"))
                .withQueryParam("access_token", equalTo("th-short-token")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(PROFILE_PATH))
                .withQueryParam("fields", equalTo("id,username,name,threads_profile_picture_url"))
                .withQueryParam("access_token", equalTo("th-long-token")));
    }

    @Test
    void profileWithoutUsernameFallsBackToTheName() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"access_token": "th-short-token", "user_id": 25000000000000002}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(EXCHANGE_PATH)).willReturn(okJson("""
                {"access_token": "th-long-token", "token_type": "bearer", "expires_in": 5183944}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(PROFILE_PATH)).willReturn(okJson("""
                {"id": "25000000000000002", "name": "Corner Cafe"}
                """)));

        Map<String, String> params = redirectParams(callback(authUrl(project, "threads"), "th-code-2"));

        assertThat(db.row("select user_id, username from social_account where id = ?", params.get("accountIds")))
                .containsEntry("user_id", "25000000000000002").containsEntry("username", "Corner Cafe");
    }

    @Test
    void graphErrorFromTheLongLivedExchangeBecomesAShortCleanError() {
        wireMock.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"access_token": "th-short-token", "user_id": 25000000000000001}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(EXCHANGE_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"message": "Error validating application. Invalid application ID.",
                                   "type": "OAuthException", "code": 101, "fbtrace_id": "Az9Yx"}}
                        """)));
        Link link = authUrl(project, "threads");

        Response response = callback(link, "th-code-3");

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "").containsEntry("error",
                "long-lived token exchange failed: Error validating application. Invalid application ID. (HTTP 400)");
        assertThat(response.header("Location")).doesNotContain("th-short-token").doesNotContain("th-app-secret");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(PROFILE_PATH)));
    }

    @Test
    void userCancellingOnThreadsRedirectsWithACancellationMessage() {
        String state = Api.query(authUrl(project, "threads").url()).get("state");

        Map<String, String> params = redirectParams(Api.callback(callbackUri()
                + "?error=access_denied&error_reason=user_denied&error_description=Permissions+error&state=" + state));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        wireMock.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    private String callbackUri() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/threads/account";
    }

    private Response callback(Link link, String code) {
        String state = Api.query(link.url()).get("state");
        return Api.callback(callbackUri() + "?code=" + code + "&state=" + state + "#_");
    }

}
