package dev.tether.platform.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
class FacebookConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";
    private static final String TOKEN_PATH = "/facebook/oauth/access_token";
    private static final String ACCOUNTS_PATH = "/facebook/me/accounts";
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
        Api.putCredentials(project.id(), "facebook", null, "fb-app-id", "fb-app-secret");
    }

    // ---------------------------------------------------------------- authorization link

    @Test
    void authorizationLinkGoesToTheVersionedDialogWithClientIdCommaScopesAndState() {
        Link link = authUrl(project, "facebook");

        assertThat(link.url()).startsWith("https://www.facebook.com/v23.0/dialog/oauth?");
        Map<String, String> params = Api.query(link.url());
        assertThat(params.keySet()).containsExactly("client_id", "redirect_uri", "scope", "response_type", "state");
        assertThat(params).containsEntry("client_id", "fb-app-id")
                .containsEntry("redirect_uri", callbackUri())
                .containsEntry("scope",
                        "public_profile,pages_show_list,pages_read_engagement,pages_manage_posts,business_management")
                .containsEntry("response_type", "code");
        assertThat(params.get("state")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(link.platform()).isEqualTo("facebook");
    }

    @Test
    void feedsPermissionAddsReadInsights() {
        Link link = authUrl(project, Map.of("platform", "facebook", "permissions", List.of("posts", "feeds")));

        assertThat(Api.query(link.url()).get("scope")).isEqualTo(
                "public_profile,pages_show_list,pages_read_engagement,pages_manage_posts,business_management,read_insights");
    }

    @Test
    void permissionOverridesReplaceTheDefaultScopesAndTheFeedsExtras() {
        Link link = authUrl(project, Map.of("platform", "facebook", "permissions", List.of("feeds"),
                "platform_data", Map.of("facebook", Map.of("permission_overrides", List.of("pages_show_list", "pages_manage_posts")))));

        assertThat(Api.query(link.url()).get("scope")).isEqualTo("pages_show_list,pages_manage_posts");
    }

    // ---------------------------------------------------------------- callback

    @Test
    void callbackStoresOneAccountPerPageFollowingPagingNextToTheEnd() {
        stubTokens(LONG_LIVED_SECONDS);
        String next = wireMock.baseUrl() + ACCOUNTS_PATH + "?access_token=long-user-token&fields=name&limit=100&after=QVFIUmZA";
        stubPage(null, """
                {"data": [
                  {"name": "Corner Bakery", "access_token": "page-token-1", "id": "1001",
                   "picture": {"data": {"height": 50, "is_silhouette": false, "url": "https://cdn.example/1001.jpg", "width": 50}},
                   "category": "Bakery", "tasks": ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"]},
                  {"name": "Corner Cafe", "access_token": "page-token-2", "id": "1002",
                   "picture": {"data": {"height": 50, "is_silhouette": true, "url": "https://cdn.example/1002.jpg", "width": 50}}}
                 ],
                 "paging": {"cursors": {"before": "QVFIUkx", "after": "QVFIUmZA"}, "next": "%s"}}
                """.formatted(next));
        stubPage("QVFIUmZA", """
                {"data": [
                  {"name": "Corner Books", "access_token": "page-token-3", "id": "1003",
                   "picture": {"data": {"url": "https://cdn.example/1003.jpg"}}}
                 ],
                 "paging": {"cursors": {"before": "QVFIUmZA", "after": "QVFIUmZB"}}}
                """);
        Link link = authUrl(project, Map.of("platform", "facebook", "external_id", "customer-9"));

        Instant before = Instant.now();
        Response response = callback(link, "fb-code-1");
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "facebook").containsEntry("projectId", project.id())
                .containsEntry("isSuccess", "true");
        List<String> ids = List.of(params.get("accountIds").split(","));
        assertThat(ids).hasSize(3).allMatch(id -> id.matches(SPC));

        assertPage(ids.get(0), "1001", "Corner Bakery", "https://cdn.example/1001.jpg", "page-token-1", before, after);
        assertPage(ids.get(1), "1002", "Corner Cafe", "https://cdn.example/1002.jpg", "page-token-2", before, after);
        assertPage(ids.get(2), "1003", "Corner Books", "https://cdn.example/1003.jpg", "page-token-3", before, after);
        assertThat(db.row("select external_id from social_account where id = ?", ids.get(2)))
                .containsEntry("external_id", "customer-9");

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withQueryParam("client_id", equalTo("fb-app-id"))
                .withQueryParam("client_secret", equalTo("fb-app-secret"))
                .withQueryParam("code", equalTo("fb-code-1"))
                .withQueryParam("redirect_uri", equalTo(Api.query(link.url()).get("redirect_uri")))
                .withQueryParam("redirect_uri", equalTo(callbackUri())));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withQueryParam("grant_type", equalTo("fb_exchange_token"))
                .withQueryParam("client_id", equalTo("fb-app-id"))
                .withQueryParam("client_secret", equalTo("fb-app-secret"))
                .withQueryParam("fb_exchange_token", equalTo("short-user-token")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(ACCOUNTS_PATH))
                .withQueryParam("access_token", equalTo("long-user-token"))
                .withQueryParam("fields", equalTo("name,access_token,picture"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("after", absent()));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(ACCOUNTS_PATH)).withQueryParam("after", equalTo("QVFIUmZA")));
    }

    @Test
    void pageWithoutAnAccessTokenIsStoredDisconnectedAndReportedInFailedAccountIds() {
        stubTokens(LONG_LIVED_SECONDS);
        stubPage(null, """
                {"data": [
                  {"name": "Corner Bakery", "access_token": "page-token-1", "id": "1001",
                   "picture": {"data": {"url": "https://cdn.example/1001.jpg"}}},
                  {"name": "Town Choir", "id": "2002", "picture": {"data": {"url": "https://cdn.example/2002.jpg"}},
                   "tasks": ["ANALYZE"]}
                 ],
                 "paging": {"cursors": {"before": "QVFIUkx", "after": "QVFIUmZA"}}}
                """);

        Map<String, String> params = redirectParams(callback(authUrl(project, "facebook"), "fb-code-2"));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds",
                "failedAccountIds", "error");
        assertThat(params).containsEntry("isSuccess", "true").containsEntry("error",
                "Town Choir: Facebook gave no access token for this Page; the user may not publish on it");
        assertThat(params.get("accountIds")).matches(SPC);
        assertThat(params.get("failedAccountIds")).matches(SPC);

        Map<String, Object> refused = db.row("select * from social_account where id = ?", params.get("failedAccountIds"));
        assertThat(refused).containsEntry("user_id", "2002").containsEntry("username", "Town Choir")
                .containsEntry("status", "disconnected").containsEntry("project_id", project.id());
        assertThat(refused.get("access_token")).isNull();
        assertThat(refused.get("access_token_expires_at")).isNull();
        assertThat(refused.get("metadata").toString()).contains("connection_error").contains("Town Choir");
        assertThat(db.row("select user_id, status from social_account where id = ?", params.get("accountIds")))
                .containsEntry("user_id", "1001").containsEntry("status", "connected");
    }

    @Test
    void expiryFallsBackToSixtyDaysWhenTheLongLivedExchangeGivesNoExpiresIn() {
        stubTokens(0);
        stubPage(null, """
                {"data": [{"name": "Corner Bakery", "access_token": "page-token-1", "id": "1001"}]}
                """);

        Instant before = Instant.now();
        Map<String, String> params = redirectParams(callback(authUrl(project, "facebook"), "fb-code-3"));
        Instant after = Instant.now();

        Instant expiry = (Instant) db.row("select access_token_expires_at from social_account where id = ?",
                params.get("accountIds")).get("access_token_expires_at");
        assertThat(expiry).isBetween(before.plus(Duration.ofDays(60)).minusSeconds(1), after.plus(Duration.ofDays(60)));
    }

    @Test
    void userWithoutPagesGetsAFailedRedirectSayingNoPagesWereFound() {
        stubTokens(LONG_LIVED_SECONDS);
        stubPage(null, """
                {"data": []}
                """);

        Map<String, String> params = redirectParams(callback(authUrl(project, "facebook"), "fb-code-4"));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("provider", "facebook").containsEntry("isSuccess", "false")
                .containsEntry("accountIds", "")
                .containsEntry("error", "No Facebook Pages found: the user manages no Page, or granted access to none");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void graphErrorFromTheCodeExchangeBecomesAShortCleanError() {
        wireMock.stubFor(get(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"message": "This authorization code has been used.", "type": "OAuthException",
                                   "code": 100, "error_subcode": 36009, "fbtrace_id": "AbCdEf123"}}
                        """)));
        Link link = authUrl(project, "facebook");

        Response response = callback(link, "fb-used-code");

        Map<String, String> params = redirectParams(response);
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "token exchange failed: This authorization code has been used. (HTTP 400)");
        assertThat(response.header("Location")).doesNotContain("fb-used-code").doesNotContain("fb-app-secret");
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("error", org.hamcrest.Matchers.equalTo(
                        "token exchange failed: This authorization code has been used. (HTTP 400)"));
    }

    @Test
    void failureOnALaterPageOfTheListingFailsTheConnectionWithGraphsMessage() {
        stubTokens(LONG_LIVED_SECONDS);
        String next = wireMock.baseUrl() + ACCOUNTS_PATH + "?access_token=long-user-token&after=QVFIUmZA";
        stubPage(null, """
                {"data": [{"name": "Corner Bakery", "access_token": "page-token-1", "id": "1001"}],
                 "paging": {"next": "%s"}}
                """.formatted(next));
        wireMock.stubFor(get(urlPathEqualTo(ACCOUNTS_PATH)).withQueryParam("after", equalTo("QVFIUmZA"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"error": {"message": "An unexpected error has occurred. Please retry your request later.",
                                           "type": "OAuthException", "is_transient": true, "code": 2}}
                                """)));

        Map<String, String> params = redirectParams(callback(authUrl(project, "facebook"), "fb-code-5"));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("error",
                "Facebook Page listing failed: An unexpected error has occurred. Please retry your request later. (HTTP 500)");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void nextLinkThatPointsBackToAPageAlreadyReadEndsTheListing() {
        stubTokens(LONG_LIVED_SECONDS);
        String second = wireMock.baseUrl() + ACCOUNTS_PATH + "?access_token=long-user-token&after=B";
        stubPage(null, """
                {"data": [{"name": "Page A", "access_token": "page-token-a", "id": "1"}], "paging": {"next": "%s"}}
                """.formatted(second));
        stubPage("B", """
                {"data": [{"name": "Page B", "access_token": "page-token-b", "id": "2"}], "paging": {"next": "%s"}}
                """.formatted(second));

        Map<String, String> params = redirectParams(callback(authUrl(project, "facebook"), "fb-code-6"));

        assertThat(params).containsEntry("isSuccess", "true");
        assertThat(params.get("accountIds").split(",")).hasSize(2);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(ACCOUNTS_PATH)).withQueryParam("after", equalTo("B")));
    }

    @Test
    void nextLinkToAnotherHostIsNotFollowedSoTheTokenStaysWithFacebook() {
        stubTokens(LONG_LIVED_SECONDS);
        stubPage(null, """
                {"data": [{"name": "Page A", "access_token": "page-token-a", "id": "1"}],
                 "paging": {"next": "http://127.0.0.2:9/facebook/me/accounts?access_token=long-user-token&after=B"}}
                """);

        Map<String, String> params = redirectParams(callback(authUrl(project, "facebook"), "fb-code-7"));

        assertThat(params).containsEntry("isSuccess", "true");
        assertThat(params.get("accountIds")).matches(SPC);
    }

    @Test
    void userCancellingOnFacebookRedirectsWithACancellationMessage() {
        Link link = authUrl(project, "facebook");
        String state = Api.query(link.url()).get("state");

        Response response = Api.callback(callbackUri() + "?error=access_denied&error_code=200"
                + "&error_description=Permissions+error&error_reason=user_denied&state=" + state + "#_=_");

        Map<String, String> params = redirectParams(response);
        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    // ---------------------------------------------------------------- helpers

    private String callbackUri() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/facebook/account";
    }

    private Response callback(Link link, String code) {
        String state = Api.query(link.url()).get("state");
        return Api.callback(callbackUri() + "?code=" + code + "&state=" + state + "#_=_");
    }

    /** The code exchange answers a short-lived token, the fb_exchange_token call a long-lived one. */
    private void stubTokens(long longLivedSeconds) {
        wireMock.stubFor(get(urlPathEqualTo(TOKEN_PATH)).withQueryParam("code", matching(".+"))
                .willReturn(okJson("""
                        {"access_token": "short-user-token", "token_type": "bearer", "expires_in": 5183976}
                        """)));
        wireMock.stubFor(get(urlPathEqualTo(TOKEN_PATH)).withQueryParam("grant_type", equalTo("fb_exchange_token"))
                .willReturn(okJson(longLivedSeconds > 0
                        ? "{\"access_token\": \"long-user-token\", \"token_type\": \"bearer\", \"expires_in\": " + longLivedSeconds + "}"
                        : "{\"access_token\": \"long-user-token\", \"token_type\": \"bearer\"}")));
    }

    private void stubPage(String after, String json) {
        wireMock.stubFor(get(urlPathEqualTo(ACCOUNTS_PATH))
                .withQueryParam("access_token", equalTo("long-user-token"))
                .withQueryParam("after", after == null ? absent() : equalTo(after))
                .willReturn(okJson(json)));
    }

    private void assertPage(String id, String pageId, String name, String photo, String token, Instant before,
            Instant after) {
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("project_id", project.id()).containsEntry("platform", "facebook")
                .containsEntry("user_id", pageId).containsEntry("username", name)
                .containsEntry("profile_photo_url", photo).containsEntry("status", "connected");
        assertThat(box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext(id))).isEqualTo(token);
        assertThat(row.get("refresh_token")).isNull();
        assertThat(row.get("refresh_token_expires_at")).isNull();
        assertThat(((Instant) row.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(LONG_LIVED_SECONDS).minusSeconds(1), after.plusSeconds(LONG_LIVED_SECONDS));
        assertThat(row.get("metadata").toString()).isEqualTo("{}");
    }

}
