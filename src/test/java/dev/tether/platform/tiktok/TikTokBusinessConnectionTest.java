package dev.tether.platform.tiktok;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.platform.PlatformTestKit.assertEncrypted;
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

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

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
class TikTokBusinessConnectionTest {

    static final String TOKEN_PATH = "/tiktok-business/open_api/v1.3/tt_user/oauth2/token/";
    static final String BUSINESS_GET_PATH = "/tiktok-business/open_api/v1.3/business/get/";
    static final String ACCESS = "act.example12345Example12345Example12345Example12345ExampleBiz";
    static final String REFRESH = "rft.example12345Example12345Example12345Example12345ExampleBiz";
    static final String OPEN_ID = "-000VJyrD1y4CjuBvxRtcwPVB1grLiAmiRjh";
    static final String ALL_SCOPES = "user.info.basic,user.info.username,user.info.stats,user.info.profile,"
            + "user.account.type,user.insights,video.list,video.insights,comment.list,comment.list.manage,"
            + "video.publish,video.upload,biz.spark.auth,discovery.search.words";

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
        Api.putCredentials(project.id(), "tiktok_business", null, "7312348769874313217", "business-app-secret");
    }

    @Test
    void linkUsesTheLoginKitPageWithClientKeyAndTheFourteenBusinessScopes() {
        Link link = authUrl(project, "tiktok_business");

        assertThat(link.platform()).isEqualTo("tiktok_business");
        assertThat(link.url()).startsWith("https://www.tiktok.com/v2/auth/authorize/?");
        Map<String, String> query = Api.query(link.url());
        assertThat(query.keySet()).containsExactly("client_key", "response_type", "scope", "redirect_uri", "state");
        assertThat(query).containsEntry("client_key", "7312348769874313217")
                .containsEntry("response_type", "code")
                .containsEntry("scope", ALL_SCOPES)
                .containsEntry("redirect_uri", "http://localhost:" + RestAssured.port + "/callback/" + project.id()
                        + "/tiktok_business/account");
        assertThat(query.get("state")).isNotBlank();

        Link overridden = authUrl(project, Map.of("platform", "tiktok_business", "platform_data",
                Map.of("tiktok_business", Map.of("permission_overrides", List.of("user.info.basic", "video.publish")))));
        assertThat(Api.query(overridden.url())).containsEntry("scope", "user.info.basic,video.publish");
    }

    @Test
    void callbackExchangesTheAuthCodeAsJsonAndStoresTheBusinessAccountByHandle() {
        stubToken(okJson(tokenJson()));
        stubBusinessGet(okJson("""
                {"code":0,"message":"OK","request_id":"2024030403574398C4F0E0E9D9B0B2A8C1",
                 "data":{"username":"tetherbiz","display_name":"Tether Business",
                  "profile_image":"https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/accb4aeac4ec~c5_168x168.jpeg"}}"""));
        Link link = authUrl(project, "tiktok_business");

        Instant before = Instant.now();
        Response response = platformRedirect(link, Map.of("code", "biz-auth-code"));
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "tiktok_business").containsEntry("isSuccess", "true");
        wireMock().verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"client_id":"7312348769874313217","client_secret":"business-app-secret",
                         "auth_code":"biz-auth-code","grant_type":"authorization_code","redirect_uri":"%s"}"""
                        .formatted(Api.query(link.url()).get("redirect_uri")))));
        wireMock().verify(1, getRequestedFor(urlPathEqualTo(BUSINESS_GET_PATH))
                .withQueryParam("business_id", equalTo(OPEN_ID))
                .withQueryParam("fields", equalTo("[\"username\",\"display_name\",\"profile_image\"]"))
                .withHeader("Access-Token", equalTo(ACCESS)));

        String id = params.get("accountIds");
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "tiktok_business").containsEntry("user_id", OPEN_ID)
                .containsEntry("username", "tetherbiz")
                .containsEntry("profile_photo_url",
                        "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/accb4aeac4ec~c5_168x168.jpeg")
                .containsEntry("status", "connected");
        assertEncrypted(row.get("access_token"), ACCESS, SocialAccount.accessTokenContext(id), box);
        assertEncrypted(row.get("refresh_token"), REFRESH, SocialAccount.refreshTokenContext(id), box);
        assertThat(((Instant) row.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(86400), after.plusSeconds(86400));
        assertThat(((Instant) row.get("refresh_token_expires_at")))
                .isBetween(before.plusSeconds(31536000), after.plusSeconds(31536000));
    }

    @Test
    void displayNameIsTheUsernameWhenTheProfileHasNoHandle() {
        stubToken(okJson(tokenJson()));
        stubBusinessGet(okJson("""
                {"code":0,"message":"OK","request_id":"20240304","data":{"display_name":"kiki",
                 "profile_image":"https://p16-sign-va.tiktokcdn.com/kiki.jpeg"}}"""));
        Link link = authUrl(project, "tiktok_business");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("auth_code", "biz-auth-code-2")));

        assertThat(params).containsEntry("isSuccess", "true");
        assertThat(db.row("select username from social_account where id = ?", params.get("accountIds")))
                .containsEntry("username", "kiki");
        wireMock().verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.auth_code",
                        equalTo("biz-auth-code-2"))));
    }

    @Test
    void nonZeroCodeOnHttp200FailsWithTheBusinessApiMessage() {
        stubToken(okJson("""
                {"code":40001,"message":"The auth_code is invalid or has expired.",
                 "request_id":"202403040357439E497F7E6668D60F2701","data":{}}"""));
        Link link = authUrl(project, "tiktok_business");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "stale-auth-code-77")));

        assertThat(params).containsExactly(Map.entry("provider", "tiktok_business"),
                Map.entry("projectId", project.id()), Map.entry("isSuccess", "false"), Map.entry("accountIds", ""),
                Map.entry("error", "token exchange failed: The auth_code is invalid or has expired. (TikTok error 40001)"));
        wireMock().verify(0, getRequestedFor(urlPathEqualTo(BUSINESS_GET_PATH)));
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void profileWithoutNamesFailsSayingNoAccountWasConnected() {
        stubToken(okJson(tokenJson()));
        stubBusinessGet(okJson("""
                {"code":0,"message":"OK","request_id":"20240304","data":{}}"""));
        Link link = authUrl(project, "tiktok_business");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "c")));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "TikTok returned no business account profile for this authorization, so no"
                        + " account was connected");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    static String tokenJson() {
        return """
                {"code":0,"message":"OK","request_id":"202403040357439E497F7E6668D60F2700",
                 "data":{"access_token":"%s","expires_in":86400,"open_id":"%s","refresh_token":"%s",
                  "refresh_token_expires_in":31536000,"scope":"%s","token_type":"Bearer"}}"""
                .formatted(ACCESS, OPEN_ID, REFRESH, ALL_SCOPES);
    }

    static void stubToken(ResponseDefinitionBuilder answer) {
        wireMock().stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(answer));
    }

    static void stubBusinessGet(ResponseDefinitionBuilder answer) {
        wireMock().stubFor(get(urlPathEqualTo(BUSINESS_GET_PATH)).withHeader("Access-Token", equalTo(ACCESS))
                .willReturn(answer));
    }
}
