package dev.tether.platform.tiktok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.platform.PlatformTestKit.assertEncrypted;
import static dev.tether.platform.PlatformTestKit.form;
import static dev.tether.platform.PlatformTestKit.platformRedirect;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.StubServers.wireMock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

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
class TikTokConnectionTest {

    static final String TOKEN_PATH = "/tiktok/v2/oauth/token/";
    static final String USER_INFO_PATH = "/tiktok/v2/user/info/";
    static final String ACCESS = "act.1d1021d2aee3d41fee2d2add43456badMFZnrhFhfWotu3Ecuiuka27L56lr";
    static final String REFRESH = "rft.713ab8bcac2bdbf35b9d85e1f3bdab1c0dWo6c51smDTx9bkN1ffWW3pTbvi";
    static final String OPEN_ID = "723f24d7-e717-40f8-a2b6-cb8464cd23b4";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretBox box;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        StubServers.resetStubs();
        db = new Db(dataSource);
        project = Api.createProject("https://app.example/connected");
        Api.putCredentials(project.id(), "tiktok", null, "aw7xq2tiktokkey", "tiktok-client-secret");
    }

    @Test
    void linkUsesClientKeyCommaSeparatedScopesAndStateWithoutPkce() {
        Link link = authUrl(project, "tiktok");

        assertThat(link.url()).startsWith("https://www.tiktok.com/v2/auth/authorize/?");
        Map<String, String> query = Api.query(link.url());
        assertThat(query.keySet()).containsExactly("client_key", "response_type", "scope", "redirect_uri", "state");
        assertThat(query).containsEntry("client_key", "aw7xq2tiktokkey")
                .containsEntry("response_type", "code")
                .containsEntry("scope", "user.info.basic,video.list,video.upload,video.publish")
                .containsEntry("redirect_uri", "http://localhost:" + RestAssured.port + "/callback/" + project.id()
                        + "/tiktok/account");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void feedsAddsNoScopeAndPermissionOverridesReplaceTheDefaults() {
        Link feeds = authUrl(project, Map.of("platform", "tiktok", "permissions", List.of("posts", "feeds")));
        assertThat(Api.query(feeds.url())).containsEntry("scope", "user.info.basic,video.list,video.upload,video.publish");

        Link overridden = authUrl(project, Map.of("platform", "tiktok", "permissions", List.of("feeds"),
                "platform_data", Map.of("tiktok", Map.of("permission_overrides", List.of("user.info.basic", "video.publish")))));
        assertThat(Api.query(overridden.url())).containsEntry("scope", "user.info.basic,video.publish");
    }

    @Test
    void callbackExchangesTheCodeAndStoresTheUserWithEncryptedTokensAndExpiries() {
        stubToken(okJson(tokenJson("user.info.basic,video.list,video.upload,video.publish")));
        stubUserInfo("open_id,union_id,avatar_url,display_name", okJson("""
                {"data":{"user":{"avatar_url":"https://p16-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/avatar.jpeg",
                  "open_id":"%s","union_id":"c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1","display_name":"Tik Toker"}},
                 "error":{"code":"ok","message":"","log_id":"20220829194722CBE87ED59D524E727021"}}""".formatted(OPEN_ID)));
        Link link = authUrl(project, Map.of("platform", "tiktok", "external_id", "user-42"));

        Instant before = Instant.now();
        Response response = platformRedirect(link, Map.of("code", "tiktok-auth-code*0!"));
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(response.header("Location")).startsWith("https://app.example/connected?provider=tiktok&");
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("projectId", project.id()).containsEntry("isSuccess", "true");

        List<LoggedRequest> tokenRequests = wireMock().findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)));
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(tokenRequests.get(0))).containsExactly(
                Map.entry("client_key", "aw7xq2tiktokkey"),
                Map.entry("client_secret", "tiktok-client-secret"),
                Map.entry("code", "tiktok-auth-code*0!"),
                Map.entry("grant_type", "authorization_code"),
                Map.entry("redirect_uri", Api.query(link.url()).get("redirect_uri")));
        wireMock().verify(1, getRequestedFor(urlPathEqualTo(USER_INFO_PATH))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS)));

        String id = params.get("accountIds");
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "tiktok").containsEntry("user_id", OPEN_ID)
                .containsEntry("username", "Tik Toker")
                .containsEntry("profile_photo_url", "https://p16-sign.tiktokcdn-us.com/tos-useast5-avt-0068-tx/avatar.jpeg")
                .containsEntry("external_id", "user-42").containsEntry("status", "connected");
        assertEncrypted(row.get("access_token"), ACCESS, SocialAccount.accessTokenContext(id), box);
        assertEncrypted(row.get("refresh_token"), REFRESH, SocialAccount.refreshTokenContext(id), box);
        assertThat(((Instant) row.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(86400), after.plusSeconds(86400));
        assertThat(((Instant) row.get("refresh_token_expires_at")))
                .isBetween(before.plusSeconds(31536000), after.plusSeconds(31536000));
        assertThat(row.get("app_password")).isNull();
    }

    @Test
    void usernameIsTheHandleWhenTheUserGrantedTheProfileScope() {
        stubToken(okJson(tokenJson("user.info.basic,user.info.profile,video.publish")));
        stubUserInfo("open_id,union_id,avatar_url,display_name,username", okJson("""
                {"data":{"user":{"avatar_url":"https://p16-sign.tiktokcdn-us.com/avatar.jpeg","open_id":"%s",
                  "union_id":"c9c60f44","display_name":"Tik Toker","username":"tiktoker"}},
                 "error":{"code":"ok","message":"","log_id":"20220829194722CBE87ED59D524E727022"}}""".formatted(OPEN_ID)));
        Link link = authUrl(project, Map.of("platform", "tiktok", "platform_data",
                Map.of("tiktok", Map.of("permission_overrides", List.of("user.info.basic", "user.info.profile", "video.publish")))));

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "c1")));

        assertThat(params).containsEntry("isSuccess", "true");
        assertThat(db.row("select username from social_account where id = ?", params.get("accountIds")))
                .containsEntry("username", "tiktoker");
    }

    @Test
    void tokenErrorAnsweredWithHttp200FailsWithTikToksOwnMessage() {
        stubToken(okJson("""
                {"error":"invalid_grant","error_description":"Authorization code is expired.",
                 "log_id":"202206221854370101130062072500FFA2"}"""));
        Link link = authUrl(project, "tiktok");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "expired-code-123")));

        assertThat(params).containsExactly(Map.entry("provider", "tiktok"), Map.entry("projectId", project.id()),
                Map.entry("isSuccess", "false"), Map.entry("accountIds", ""),
                Map.entry("error", "token exchange failed: invalid_grant: Authorization code is expired."));
        wireMock().verify(0, getRequestedFor(urlPathEqualTo(USER_INFO_PATH)));
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("error", org.hamcrest.Matchers.equalTo("token exchange failed: invalid_grant: Authorization code is expired."));
    }

    @Test
    void userInfoErrorFailsWithItsCodeAndMessage() {
        stubToken(okJson(tokenJson("user.info.basic")));
        stubUserInfo("open_id,union_id,avatar_url,display_name", aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"data":{},"error":{"code":"access_token_invalid",
                         "message":"The access token is invalid or not found in the request.","log_id":"2023011"}}"""));
        Link link = authUrl(project, "tiktok");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "c2")));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "profile lookup failed: access_token_invalid: The access token is invalid or not"
                        + " found in the request.");
    }

    @Test
    void userInfoWithoutAUserFailsSayingNoAccountWasConnected() {
        stubToken(okJson(tokenJson("user.info.basic")));
        stubUserInfo("open_id,union_id,avatar_url,display_name", okJson("""
                {"data":{},"error":{"code":"ok","message":"","log_id":"20220829194722CBE87ED59D524E727023"}}"""));
        Link link = authUrl(project, "tiktok");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "c3")));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "TikTok returned no user profile for this authorization, so no account was connected");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void denialAtTikTokRedirectsWithTheCancellationAndCallsNothing() {
        Link link = authUrl(project, "tiktok");

        Map<String, String> params = redirectParams(platformRedirect(link,
                Map.of("error", "access_denied", "error_description", "The user denied the request")));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        wireMock().verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    static String tokenJson(String scope) {
        return """
                {"access_token":"%s","expires_in":86400,"open_id":"%s","refresh_expires_in":31536000,
                 "refresh_token":"%s","scope":"%s","token_type":"Bearer"}""".formatted(ACCESS, OPEN_ID, REFRESH, scope);
    }

    static void stubToken(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        wireMock().stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(answer));
    }

    static void stubUserInfo(String fields, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        wireMock().stubFor(get(urlPathEqualTo(USER_INFO_PATH)).withQueryParam("fields", equalTo(fields))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS)).willReturn(answer));
    }
}
