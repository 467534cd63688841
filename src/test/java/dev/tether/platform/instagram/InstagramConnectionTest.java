package dev.tether.platform.instagram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
class InstagramConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";
    private static final String TOKEN_PATH = "/instagram/oauth/access_token";
    private static final String EXCHANGE_PATH = "/instagram/access_token";
    private static final String PROFILE_PATH = "/instagram/me";
    private static final String FB_TOKEN_PATH = "/instagram/facebook/oauth/access_token";
    private static final String FB_ACCOUNTS_PATH = "/instagram/facebook/me/accounts";
    private static final long LONG_LIVED_SECONDS = 5_184_000;

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
    }

    // ---------------------------------------------------------------- variants and links

    @Test
    void instagramLoginLinkGoesToInstagramWithBusinessScopes() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");

        Link link = authUrl(project, "instagram");

        assertThat(link.url()).startsWith("https://www.instagram.com/oauth/authorize?");
        Map<String, String> params = Api.query(link.url());
        assertThat(params.keySet()).containsExactly("client_id", "redirect_uri", "scope", "response_type", "state");
        assertThat(params).containsEntry("client_id", "ig-app-id").containsEntry("redirect_uri", callbackUri())
                .containsEntry("scope", "instagram_business_basic,instagram_business_content_publish")
                .containsEntry("response_type", "code");
        assertThat(params.get("state")).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void instagramLoginFeedsAddsBusinessInsights() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");

        Link link = authUrl(project, Map.of("platform", "instagram", "permissions", List.of("feeds")));

        assertThat(Api.query(link.url()).get("scope")).isEqualTo(
                "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_insights");
    }

    @Test
    void facebookLoginLinkGoesToTheFacebookDialogWithTheInstagramCallbackPath() {
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");

        Link link = authUrl(project, Map.of("platform", "instagram", "permissions", List.of("feeds"),
                "platform_data", Map.of("instagram", Map.of("connection_type", "facebook"))));

        assertThat(link.url()).startsWith("https://www.facebook.com/v23.0/dialog/oauth?");
        Map<String, String> params = Api.query(link.url());
        assertThat(params).containsEntry("client_id", "fb-app-id").containsEntry("redirect_uri", callbackUri())
                .containsEntry("scope", "instagram_basic,instagram_content_publish,pages_show_list,public_profile,"
                        + "business_management,pages_read_engagement,instagram_manage_insights")
                .containsEntry("response_type", "code");
        assertThat(link.platform()).isEqualTo("instagram");
    }

    @Test
    void instagramWithFacebookAliasSelectsTheFacebookVariantAndIsEchoed() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");

        Link link = authUrl(project, "instagram_w_facebook");

        assertThat(link.platform()).isEqualTo("instagram_w_facebook");
        assertThat(link.url()).startsWith("https://www.facebook.com/v23.0/dialog/oauth?");
        assertThat(Api.query(link.url())).containsEntry("client_id", "fb-app-id")
                .containsEntry("redirect_uri", callbackUri());
    }

    @Test
    void permissionOverridesReplaceTheVariantsScopes() {
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");

        Link link = authUrl(project, Map.of("platform", "instagram", "platform_data",
                Map.of("instagram", Map.of("connection_type", "facebook",
                        "permission_overrides", List.of("instagram_basic", "pages_show_list")))));

        assertThat(Api.query(link.url()).get("scope")).isEqualTo("instagram_basic,pages_show_list");
    }

    @Test
    void bothCredentialsWithoutConnectionTypeIsA400AskingForIt() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");

        Api.app(project.apiKey()).body(Map.of("platform", "instagram")).post("/v1/social-accounts/auth-url")
                .then().statusCode(400)
                .body("message", startsWith("platform_data.instagram.connection_type: is required"));
    }

    @Test
    void unknownConnectionTypeIsA400NamingTheField() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");

        Api.app(project.apiKey()).body(Map.of("platform", "instagram",
                "platform_data", Map.of("instagram", Map.of("connection_type", "business"))))
                .post("/v1/social-accounts/auth-url")
                .then().statusCode(400)
                .body("message", startsWith("platform_data.instagram.connection_type: must be one of instagram, facebook"));
    }

    @Test
    void missingCredentialsForTheRequestedVariantIsA404() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");

        Api.app(project.apiKey()).body(Map.of("platform", "instagram",
                "platform_data", Map.of("instagram", Map.of("connection_type", "facebook"))))
                .post("/v1/social-accounts/auth-url")
                .then().statusCode(404)
                .body("message", startsWith("No app credentials for instagram (facebook)"));
    }

    // ---------------------------------------------------------------- Instagram Login callback

    @Test
    void instagramLoginStoresTheProfessionalAccountWithTheLongLivedToken() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");
        wireMock.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"data": [{"access_token": "ig-short-token", "user_id": "17841400000000001",
                           "permissions": "instagram_business_basic,instagram_business_content_publish"}]}
                """)));
        stubInstagramExchangeAndProfile();
        Link link = authUrl(project, Map.of("platform", "instagram", "external_id", "customer-3"));

        Instant before = Instant.now();
        Response response = callback(link, "ig-code-1");
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "instagram").containsEntry("isSuccess", "true");
        String id = params.get("accountIds");
        assertThat(id).matches(SPC);
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "instagram").containsEntry("user_id", "17841400000000001")
                .containsEntry("username", "corner.bakery")
                .containsEntry("profile_photo_url", "https://cdn.example/ig/corner.jpg")
                .containsEntry("status", "connected").containsEntry("external_id", "customer-3");
        assertThat(box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext(id)))
                .isEqualTo("ig-long-token");
        assertThat(row.get("refresh_token")).isNull();
        assertThat(row.get("refresh_token_expires_at")).isNull();
        assertThat(((Instant) row.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(LONG_LIVED_SECONDS).minusSeconds(1), after.plusSeconds(LONG_LIVED_SECONDS));
        assertThat(json(row.get("metadata"))).isEqualTo(Map.of("connection_type", "instagram"));

        wireMock.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withFormParam("client_id", equalTo("ig-app-id"))
                .withFormParam("client_secret", equalTo("ig-app-secret"))
                .withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo("ig-code-1"))
                .withFormParam("redirect_uri", equalTo(Api.query(link.url()).get("redirect_uri")))
                .withFormParam("redirect_uri", equalTo(callbackUri())));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(EXCHANGE_PATH))
                .withQueryParam("grant_type", equalTo("ig_exchange_token"))
                .withQueryParam("client_secret", equalTo("ig-app-secret"))
                .withQueryParam("access_token", equalTo("ig-short-token")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(PROFILE_PATH))
                .withQueryParam("fields", equalTo("user_id,username,profile_picture_url"))
                .withQueryParam("access_token", equalTo("ig-long-token")));
    }

    @Test
    void instagramLoginAcceptsTheUnwrappedTokenResponseAndFallsBackToItsUserId() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");
        wireMock.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"access_token": "ig-short-token", "user_id": 17841400000000002, "permissions": ["instagram_business_basic"]}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(EXCHANGE_PATH)).willReturn(okJson("""
                {"access_token": "ig-long-token", "token_type": "bearer", "expires_in": 5184000}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(PROFILE_PATH)).willReturn(okJson("""
                {"id": "9990001", "username": "corner.cafe"}
                """)));

        Map<String, String> params = redirectParams(callback(authUrl(project, "instagram"), "ig-code-2"));

        assertThat(params).containsEntry("isSuccess", "true");
        Map<String, Object> row = db.row("select * from social_account where id = ?", params.get("accountIds"));
        assertThat(row).containsEntry("user_id", "17841400000000002").containsEntry("username", "corner.cafe");
        assertThat(row.get("profile_photo_url")).isNull();
    }

    @Test
    void instagramErrorMessageBecomesAShortCleanError() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");
        wireMock.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"}
                        """)));
        Link link = authUrl(project, "instagram");

        Response response = callback(link, "ig-bad-code");

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("provider", "instagram").containsEntry("isSuccess", "false")
                .containsEntry("error", "token exchange failed: Invalid authorization code (HTTP 400)");
        assertThat(response.header("Location")).doesNotContain("ig-bad-code").doesNotContain("ig-app-secret");
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(EXCHANGE_PATH)));
    }

    @Test
    void instagramDenialRedirectsWithACancellationMessage() {
        Api.putCredentials(project.id(), "instagram", "instagram", "ig-app-id", "ig-app-secret");
        String state = Api.query(authUrl(project, "instagram").url()).get("state");

        Map<String, String> params = redirectParams(Api.callback(callbackUri()
                + "?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request.&state="
                + state + "#_"));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
    }

    // ---------------------------------------------------------------- Facebook Login callback

    @Test
    void facebookLoginStoresOneAccountPerPageWithALinkedInstagramAccount() {
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");
        stubFacebookTokens();
        String next = wireMock.baseUrl() + FB_ACCOUNTS_PATH + "?access_token=fb-long-token&limit=100&after=QVFIUk";
        wireMock.stubFor(get(urlPathEqualTo(FB_ACCOUNTS_PATH)).withQueryParam("after", absent())
                .willReturn(okJson("""
                        {"data": [
                          {"name": "Corner Bakery", "id": "1001",
                           "instagram_business_account": {"id": "17841400000000011", "name": "Corner Bakery",
                             "username": "corner.bakery", "profile_picture_url": "https://cdn.example/ig/bakery.jpg"}},
                          {"name": "Quiet Page", "id": "1002"}
                         ],
                         "paging": {"cursors": {"before": "QVFIUj", "after": "QVFIUk"}, "next": "%s"}}
                        """.formatted(next))));
        wireMock.stubFor(get(urlPathEqualTo(FB_ACCOUNTS_PATH)).withQueryParam("after", equalTo("QVFIUk"))
                .willReturn(okJson("""
                        {"data": [
                          {"name": "Corner Books", "id": "1003",
                           "instagram_business_account": {"id": "17841400000000013", "name": "Corner Books"}}
                         ],
                         "paging": {"cursors": {"before": "QVFIUk", "after": "QVFIUl"}}}
                        """)));
        Link link = authUrl(project, Map.of("platform", "instagram",
                "platform_data", Map.of("instagram", Map.of("connection_type", "facebook"))));

        Instant before = Instant.now();
        Map<String, String> params = redirectParams(callback(link, "fb-code-1"));
        Instant after = Instant.now();

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "instagram").containsEntry("isSuccess", "true");
        List<String> ids = List.of(params.get("accountIds").split(","));
        assertThat(ids).hasSize(2);

        Map<String, Object> first = db.row("select * from social_account where id = ?", ids.get(0));
        assertThat(first).containsEntry("platform", "instagram").containsEntry("user_id", "17841400000000011")
                .containsEntry("username", "corner.bakery")
                .containsEntry("profile_photo_url", "https://cdn.example/ig/bakery.jpg");
        assertThat(json(first.get("metadata"))).isEqualTo(Map.of("connection_type", "facebook", "facebook_page_id", "1001"));
        assertThat(box.decrypt((byte[]) first.get("access_token"), SocialAccount.accessTokenContext(ids.get(0))))
                .isEqualTo("fb-long-token");
        assertThat(((Instant) first.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(LONG_LIVED_SECONDS).minusSeconds(1), after.plusSeconds(LONG_LIVED_SECONDS));
        assertThat(first.get("refresh_token")).isNull();

        Map<String, Object> second = db.row("select * from social_account where id = ?", ids.get(1));
        assertThat(second).containsEntry("user_id", "17841400000000013").containsEntry("username", "Corner Books");
        assertThat(second.get("profile_photo_url")).isNull();

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(FB_TOKEN_PATH))
                .withQueryParam("client_id", equalTo("fb-app-id"))
                .withQueryParam("client_secret", equalTo("fb-app-secret"))
                .withQueryParam("code", equalTo("fb-code-1"))
                .withQueryParam("redirect_uri", equalTo(callbackUri())));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(FB_TOKEN_PATH))
                .withQueryParam("grant_type", equalTo("fb_exchange_token"))
                .withQueryParam("fb_exchange_token", equalTo("fb-short-token")));
        wireMock.verify(getRequestedFor(urlPathEqualTo(FB_ACCOUNTS_PATH))
                .withQueryParam("fields", equalTo("name,instagram_business_account{id,name,username,profile_picture_url}"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("access_token", equalTo("fb-long-token")));
    }

    @Test
    void facebookLoginWithoutAnyLinkedInstagramAccountFailsSayingSo() {
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");
        stubFacebookTokens();
        wireMock.stubFor(get(urlPathEqualTo(FB_ACCOUNTS_PATH)).willReturn(okJson("""
                {"data": [{"name": "Quiet Page", "id": "1002"}, {"name": "Other Page", "id": "1004"}],
                 "paging": {"cursors": {"before": "QVFIUj", "after": "QVFIUk"}}}
                """)));

        Map<String, String> params = redirectParams(callback(authUrl(project, "instagram_w_facebook"), "fb-code-2"));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("provider", "instagram").containsEntry("isSuccess", "false")
                .containsEntry("accountIds", "").containsEntry("error",
                        "No Instagram account found: none of the user's Facebook Pages has a linked Instagram professional account");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void facebookLoginWithoutPagesFailsSayingNoPagesWereFound() {
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");
        stubFacebookTokens();
        wireMock.stubFor(get(urlPathEqualTo(FB_ACCOUNTS_PATH)).willReturn(okJson("""
                {"data": []}
                """)));

        Map<String, String> params = redirectParams(callback(authUrl(project, "instagram_w_facebook"), "fb-code-3"));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("error",
                "No Facebook Pages found: Instagram through Facebook Login needs an Instagram professional account"
                        + " linked to a Facebook Page the user manages");
    }

    @Test
    void attemptRecordsTheVariant() {
        Api.putCredentials(project.id(), "instagram", "facebook", "fb-app-id", "fb-app-secret");

        Link link = authUrl(project, "instagram_w_facebook");

        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("platform", org.hamcrest.Matchers.equalTo("instagram"))
                .body("variant", org.hamcrest.Matchers.equalTo("facebook"));
    }

    // ---------------------------------------------------------------- helpers

    private String callbackUri() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/instagram/account";
    }

    private Response callback(Link link, String code) {
        String state = Api.query(link.url()).get("state");
        return Api.callback(callbackUri() + "?code=" + code + "&state=" + state + "#_");
    }

    private void stubInstagramExchangeAndProfile() {
        wireMock.stubFor(get(urlPathEqualTo(EXCHANGE_PATH)).willReturn(okJson("""
                {"access_token": "ig-long-token", "token_type": "bearer", "expires_in": 5184000}
                """)));
        wireMock.stubFor(get(urlPathEqualTo(PROFILE_PATH)).willReturn(okJson("""
                {"user_id": "17841400000000001", "username": "corner.bakery",
                 "profile_picture_url": "https://cdn.example/ig/corner.jpg", "id": "9990001"}
                """)));
    }

    private void stubFacebookTokens() {
        wireMock.stubFor(get(urlPathEqualTo(FB_TOKEN_PATH)).withQueryParam("code", matching(".+"))
                .willReturn(okJson("""
                        {"access_token": "fb-short-token", "token_type": "bearer", "expires_in": 5183976}
                        """)));
        wireMock.stubFor(get(urlPathEqualTo(FB_TOKEN_PATH)).withQueryParam("grant_type", equalTo("fb_exchange_token"))
                .willReturn(okJson("""
                        {"access_token": "fb-long-token", "token_type": "bearer", "expires_in": 5184000}
                        """)));
    }

    private static Map<String, Object> json(Object value) {
        try {
            return new ObjectMapper().readValue(value.toString(), new TypeReference<Map<String, Object>>() {
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
