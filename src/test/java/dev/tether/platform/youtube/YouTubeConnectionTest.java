package dev.tether.platform.youtube;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.tether.account.SocialAccount;
import dev.tether.common.SecretBox;
import dev.tether.platform.oauth.Pkce;
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
class YouTubeConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";
    private static final String AUTH = "https://www.googleapis.com/auth/";
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Api.putCredentials(project.id(), "youtube", null, "yt-client.apps.googleusercontent.com", "yt-secret");
    }

    @Test
    void authorizationLinkAsksGoogleForOfflineAccessWithConsentScopesStateAndPkce() {
        Link link = authUrl(project, "youtube");

        URI url = URI.create(link.url());
        assertThat(url.getPath()).isEqualTo("/google/o/oauth2/v2/auth");
        Map<String, String> query = Api.query(link.url());
        assertThat(query.keySet()).containsExactly("client_id", "redirect_uri", "response_type", "scope", "access_type",
                "prompt", "include_granted_scopes", "state", "code_challenge", "code_challenge_method");
        assertThat(query).containsEntry("client_id", "yt-client.apps.googleusercontent.com")
                .containsEntry("redirect_uri", redirectUri())
                .containsEntry("response_type", "code")
                .containsEntry("scope", AUTH + "youtube.force-ssl " + AUTH + "youtube.upload " + AUTH
                        + "youtube.readonly " + AUTH + "userinfo.profile")
                .containsEntry("access_type", "offline")
                .containsEntry("prompt", "consent")
                .containsEntry("include_granted_scopes", "true")
                .containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(link.platform()).isEqualTo("youtube");
    }

    @Test
    void feedsAddsTheAnalyticsScope() {
        Link link = authUrl(project, Map.of("platform", "youtube", "permissions", List.of("posts", "feeds")));

        assertThat(Api.query(link.url()).get("scope")).endsWith(" " + AUTH + "userinfo.profile " + AUTH
                + "yt-analytics.readonly");
    }

    @Test
    void permissionOverridesReplaceTheDefaultsAndShortNamesGetGooglesPrefix() {
        Link link = authUrl(project, Map.of("platform", "youtube", "permissions", List.of("feeds"),
                "platform_data", Map.of("youtube", Map.of("permission_overrides",
                        List.of("youtube.upload", AUTH + "youtube.readonly", "openid")))));

        assertThat(Api.query(link.url()).get("scope"))
                .isEqualTo(AUTH + "youtube.upload " + AUTH + "youtube.readonly openid");
    }

    @Test
    void callbackStoresOneAccountPerChannelAcrossEveryPage() {
        stubToken();
        stubChannels();
        Link link = authUrl(project, Map.of("platform", "youtube", "external_id", "creator-9"));
        Instant before = Instant.now();

        Response response = googleRedirect(link, "4/0AQSTgQ-code");
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "youtube").containsEntry("projectId", project.id())
                .containsEntry("isSuccess", "true");
        List<String> ids = List.of(params.get("accountIds").split(","));
        assertThat(ids).hasSize(3).allMatch(id -> id.matches(SPC));

        Map<String, Object> first = db.row("select * from social_account where id = ?", ids.get(0));
        assertThat(first).containsEntry("platform", "youtube").containsEntry("user_id", "UCmain0000000000000000aa")
                .containsEntry("username", "Main Channel").containsEntry("status", "connected")
                .containsEntry("external_id", "creator-9")
                .containsEntry("profile_photo_url", "https://yt3.ggpht.com/main=s800-c-k-no");
        assertThat(box.decrypt((byte[]) first.get("access_token"), SocialAccount.accessTokenContext(ids.get(0))))
                .isEqualTo("ya29.youtube-access");
        assertThat(box.decrypt((byte[]) first.get("refresh_token"), SocialAccount.refreshTokenContext(ids.get(0))))
                .isEqualTo("1//youtube-refresh");
        Instant expires = (Instant) first.get("access_token_expires_at");
        assertThat(expires).isBetween(before.plusSeconds(3599).truncatedTo(ChronoUnit.SECONDS),
                after.plusSeconds(3600));
        assertThat(first.get("refresh_token_expires_at")).isNull();
        assertThat(metadata(first)).isEqualTo(JSON.createObjectNode().put("custom_url", "@mainchannel")
                .put("profile_url", "https://www.youtube.com/@mainchannel"));

        Map<String, Object> second = db.row("select * from social_account where id = ?", ids.get(1));
        assertThat(second).containsEntry("user_id", "UCbrand000000000000000bb").containsEntry("username", "Brand Channel")
                .containsEntry("profile_photo_url", "https://yt3.ggpht.com/brand=s88-c-k-no");
        assertThat(metadata(second).path("profile_url").asText())
                .isEqualTo("https://www.youtube.com/channel/UCbrand000000000000000bb");

        Map<String, Object> third = db.row("select * from social_account where id = ?", ids.get(2));
        assertThat(third).containsEntry("user_id", "UCpage2000000000000000cc").containsEntry("username", "Second Page Channel");
        assertThat(box.decrypt((byte[]) third.get("access_token"), SocialAccount.accessTokenContext(ids.get(2))))
                .isEqualTo("ya29.youtube-access");
        wireMock.verify(2, getRequestedFor(urlPathEqualTo("/youtube/v3/channels"))
                .withHeader("Authorization", equalTo("Bearer ya29.youtube-access")));
    }

    @Test
    void tokenRequestCarriesTheClientCredentialsTheCodeTheSameRedirectUriAndThePkceVerifier() {
        stubToken();
        stubChannels();
        Link link = authUrl(project, "youtube");

        assertThat(redirectParams(googleRedirect(link, "4/0AQSTgQ-code"))).containsEntry("isSuccess", "true");

        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlEqualTo("/google/token")));
        assertThat(requests).hasSize(1);
        Map<String, String> form = Api.query("http://x/?" + requests.get(0).getBodyAsString());
        assertThat(form).containsEntry("code", "4/0AQSTgQ-code")
                .containsEntry("client_id", "yt-client.apps.googleusercontent.com")
                .containsEntry("client_secret", "yt-secret")
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("redirect_uri", Api.query(link.url()).get("redirect_uri"));
        assertThat(form.get("code_verifier")).isNotBlank();
        assertThat(Pkce.challenge(form.get("code_verifier"))).isEqualTo(Api.query(link.url()).get("code_challenge"));
    }

    @Test
    void redirectUrlOverrideIsTheRedirectUriOfBothRequests() {
        stubToken();
        stubChannels();
        Link link = authUrl(project, Map.of("platform", "youtube",
                "redirect_url_override", "https://app.example/oauth/youtube?x=1"));
        assertThat(Api.query(link.url())).containsEntry("redirect_uri", "https://app.example/oauth/youtube?x=1");

        assertThat(redirectParams(googleRedirect(link, "code-1"))).containsEntry("isSuccess", "true");

        LoggedRequest token = wireMock.findAll(postRequestedFor(urlEqualTo("/google/token"))).get(0);
        assertThat(Api.query("http://x/?" + token.getBodyAsString()))
                .containsEntry("redirect_uri", "https://app.example/oauth/youtube?x=1");
    }

    @Test
    void googleAccountWithoutAChannelFailsSayingSo() {
        stubToken();
        wireMock.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(okJson("""
                {"kind": "youtube#channelListResponse", "etag": "e0", "pageInfo": {"totalResults": 0, "resultsPerPage": 5}}
                """)));
        Link link = authUrl(project, "youtube");

        Map<String, String> params = redirectParams(googleRedirect(link, "code-1"));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "this Google account has no YouTube channel; create one on YouTube, then connect again");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"));
    }

    @Test
    void rejectedCodeGivesACleanFailedRedirect() {
        wireMock.stubFor(post(urlEqualTo("/google/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Bad Request\"}")));
        Link link = authUrl(project, "youtube");

        Response response = googleRedirect(link, "4/expired-code");

        Map<String, String> params = redirectParams(response);
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "token exchange failed: invalid_grant: Bad Request (HTTP 400)");
        assertThat(response.header("Location")).doesNotContain("expired-code");
        wireMock.verify(0, getRequestedFor(urlPathEqualTo("/youtube/v3/channels")));
    }

    @Test
    void channelListingErrorGivesACleanFailedRedirect() {
        stubToken();
        wireMock.stubFor(get(urlPathEqualTo("/youtube/v3/channels")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 403, "message": "Request had insufficient authentication scopes.",
                          "errors": [{"message": "Insufficient Permission", "domain": "global", "reason": "insufficientPermissions"}],
                          "status": "PERMISSION_DENIED"}}
                        """)));
        Link link = authUrl(project, "youtube");

        Map<String, String> params = redirectParams(googleRedirect(link, "code-1"));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "channel listing failed: Request had insufficient authentication scopes. (HTTP 403)");
    }

    @Test
    void userCancellingAtGoogleIsReportedAsACancellation() {
        Link link = authUrl(project, "youtube");
        String state = Api.query(link.url()).get("state");

        Map<String, String> params = redirectParams(Api.browse(callbackBase() + "?error=access_denied&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8)));

        assertThat(params).containsEntry("provider", "youtube").containsEntry("isSuccess", "false")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        wireMock.verify(0, postRequestedFor(urlEqualTo("/google/token")));
    }

    // ---------------------------------------------------------------- helpers

    private void stubToken() {
        wireMock.stubFor(post(urlEqualTo("/google/token")).willReturn(okJson("""
                {"access_token": "ya29.youtube-access", "expires_in": 3599, "refresh_token": "1//youtube-refresh",
                 "scope": "https://www.googleapis.com/auth/youtube.force-ssl https://www.googleapis.com/auth/youtube.upload",
                 "token_type": "Bearer"}
                """)));
    }

    /** Two pages, as the YouTube Data API returns them: the first with a nextPageToken. */
    private void stubChannels() {
        wireMock.stubFor(get(urlPathEqualTo("/youtube/v3/channels"))
                .withQueryParam("part", equalTo("snippet")).withQueryParam("mine", equalTo("true"))
                .withQueryParam("pageToken", absent())
                .willReturn(okJson("""
                        {"kind": "youtube#channelListResponse", "etag": "e1", "nextPageToken": "CAIQAA",
                         "pageInfo": {"totalResults": 3, "resultsPerPage": 2},
                         "items": [
                          {"kind": "youtube#channel", "etag": "c1", "id": "UCmain0000000000000000aa",
                           "snippet": {"title": "Main Channel", "description": "", "customUrl": "@mainchannel",
                            "publishedAt": "2015-01-01T00:00:00Z",
                            "thumbnails": {
                             "default": {"url": "https://yt3.ggpht.com/main=s88-c-k-no", "width": 88, "height": 88},
                             "medium": {"url": "https://yt3.ggpht.com/main=s240-c-k-no", "width": 240, "height": 240},
                             "high": {"url": "https://yt3.ggpht.com/main=s800-c-k-no", "width": 800, "height": 800}},
                            "localized": {"title": "Main Channel", "description": ""}}},
                          {"kind": "youtube#channel", "etag": "c2", "id": "UCbrand000000000000000bb",
                           "snippet": {"title": "Brand Channel", "description": "",
                            "thumbnails": {"default": {"url": "https://yt3.ggpht.com/brand=s88-c-k-no"}}}}
                         ]}
                        """)));
        wireMock.stubFor(get(urlPathEqualTo("/youtube/v3/channels"))
                .withQueryParam("pageToken", equalTo("CAIQAA"))
                .willReturn(okJson("""
                        {"kind": "youtube#channelListResponse", "etag": "e2", "prevPageToken": "CAIQAQ",
                         "pageInfo": {"totalResults": 3, "resultsPerPage": 2},
                         "items": [
                          {"kind": "youtube#channel", "etag": "c3", "id": "UCpage2000000000000000cc",
                           "snippet": {"title": "Second Page Channel",
                            "thumbnails": {"medium": {"url": "https://yt3.ggpht.com/p2=s240-c-k-no"}}}},
                          {"kind": "youtube#channel", "etag": "c4", "snippet": {"title": "No id, skipped"}}
                         ]}
                        """)));
    }

    private Response googleRedirect(Link link, String code) {
        String state = Api.query(link.url()).get("state");
        return Api.browse(callbackBase() + "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8) + "&code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&scope="
                + URLEncoder.encode(AUTH + "youtube.upload", StandardCharsets.UTF_8));
    }

    private String redirectUri() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/youtube/account";
    }

    private String callbackBase() {
        return redirectUri();
    }

    private static JsonNode metadata(Map<String, Object> row) {
        try {
            return JSON.readTree(row.get("metadata").toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
