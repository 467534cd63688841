package dev.tether.platform.pinterest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.tether.platform.PlatformTestKit.assertEncrypted;
import static dev.tether.platform.PlatformTestKit.form;
import static dev.tether.platform.PlatformTestKit.platformRedirect;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.StubServers.wireMock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
class PinterestConnectionTest {

    static final String TOKEN_PATH = "/pinterest/v5/oauth/token";
    static final String USER_ACCOUNT_PATH = "/pinterest/v5/user_account";
    static final String ACCESS = "pina_AMAQYTQWAAYHGAYAGDAKODBYXSJPVEQBQBIQCRZEDOSIBWZ4EVNRJGEOF2AOBKJ";
    static final String REFRESH = "pinr_AMAQYTQWAAYHGAYAGDAKODBYXSJPVEQBQBIQCRZEDOSIBWZ4EVNRJGEOF2AOBKJ";

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
        Api.putCredentials(project.id(), "pinterest", null, "1484361", "pinterest-app-secret");
    }

    @Test
    void linkCarriesClientIdCommaSeparatedScopesAndState() {
        Link link = authUrl(project, Map.of("platform", "pinterest", "permissions", List.of("feeds")));

        assertThat(link.url()).startsWith("https://www.pinterest.com/oauth/?");
        Map<String, String> query = Api.query(link.url());
        assertThat(query.keySet()).containsExactly("client_id", "redirect_uri", "response_type", "scope", "state");
        assertThat(query).containsEntry("client_id", "1484361")
                .containsEntry("redirect_uri", "http://localhost:" + RestAssured.port + "/callback/" + project.id()
                        + "/pinterest/account")
                .containsEntry("response_type", "code")
                .containsEntry("scope", "boards:read,boards:write,pins:read,pins:write,user_accounts:read");
        assertThat(query.get("state")).isNotBlank();

        Link overridden = authUrl(project, Map.of("platform", "pinterest", "platform_data",
                Map.of("pinterest", Map.of("permission_overrides", List.of("pins:read", "user_accounts:read")))));
        assertThat(Api.query(overridden.url())).containsEntry("scope", "pins:read,user_accounts:read");
    }

    @Test
    void callbackExchangesTheCodeWithBasicAuthAndStoresTheUserAccount() {
        stubToken(okJson("""
                {"access_token":"%s","refresh_token":"%s","response_type":"authorization_code","token_type":"bearer",
                 "expires_in":2592000,"refresh_token_expires_in":5184000,"refresh_token_expires_at":1767225600,
                 "scope":"boards:read,boards:write,pins:read,pins:write,user_accounts:read"}""".formatted(ACCESS, REFRESH)));
        stubUserAccount(okJson("""
                {"account_type":"BUSINESS","id":"549755885175","profile_image":"https://i.pinimg.com/600x600_R/42/f5/36/42f5364e.jpg",
                 "website_url":"https://tether.example","username":"tetherpins","about":"Pins about Tether",
                 "business_name":"Tether","board_count":3,"pin_count":12,"follower_count":5,"following_count":1,
                 "monthly_views":100}"""));
        Link link = authUrl(project, Map.of("platform", "pinterest", "external_id", "user-9"));

        Instant before = Instant.now();
        Response response = platformRedirect(link, Map.of("code", "a1b2c3d4e5"));
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "pinterest").containsEntry("isSuccess", "true");

        List<LoggedRequest> tokenRequests = wireMock().findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)));
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("1484361:pinterest-app-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(form(tokenRequests.get(0))).containsExactly(
                Map.entry("grant_type", "authorization_code"),
                Map.entry("code", "a1b2c3d4e5"),
                Map.entry("redirect_uri", Api.query(link.url()).get("redirect_uri")),
                Map.entry("continuous_refresh", "true"));
        wireMock().verify(1, getRequestedFor(urlEqualTo(USER_ACCOUNT_PATH))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS)));

        String id = params.get("accountIds");
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "pinterest").containsEntry("user_id", "549755885175")
                .containsEntry("username", "tetherpins")
                .containsEntry("profile_photo_url", "https://i.pinimg.com/600x600_R/42/f5/36/42f5364e.jpg")
                .containsEntry("external_id", "user-9").containsEntry("status", "connected");
        assertEncrypted(row.get("access_token"), ACCESS, SocialAccount.accessTokenContext(id), box);
        assertEncrypted(row.get("refresh_token"), REFRESH, SocialAccount.refreshTokenContext(id), box);
        assertThat(((Instant) row.get("access_token_expires_at")))
                .isBetween(before.plusSeconds(2592000), after.plusSeconds(2592000));
        assertThat(((Instant) row.get("refresh_token_expires_at")))
                .isBetween(before.plusSeconds(5184000), after.plusSeconds(5184000));
    }

    @Test
    void tokenErrorFailsWithPinterestsMessage() {
        stubToken(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":1,\"message\":\"Invalid authorization code.\"}"));
        Link link = authUrl(project, "pinterest");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "stale-code")));

        assertThat(params).containsExactly(Map.entry("provider", "pinterest"), Map.entry("projectId", project.id()),
                Map.entry("isSuccess", "false"), Map.entry("accountIds", ""),
                Map.entry("error", "token exchange failed: Invalid authorization code. (HTTP 400)"));
        wireMock().verify(0, getRequestedFor(urlEqualTo(USER_ACCOUNT_PATH)));
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void userAccountWithoutIdOrUsernameFailsSayingNoAccountWasConnected() {
        stubToken(okJson("""
                {"access_token":"%s","refresh_token":"%s","response_type":"authorization_code","token_type":"bearer",
                 "expires_in":2592000,"refresh_token_expires_in":5184000,"scope":"user_accounts:read"}"""
                .formatted(ACCESS, REFRESH)));
        stubUserAccount(okJson("{}"));
        Link link = authUrl(project, "pinterest");

        Map<String, String> params = redirectParams(platformRedirect(link, Map.of("code", "c")));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "Pinterest returned no user account for this authorization, so no account was connected");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    static void stubToken(ResponseDefinitionBuilder answer) {
        wireMock().stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(answer));
    }

    static void stubUserAccount(ResponseDefinitionBuilder answer) {
        wireMock().stubFor(get(urlEqualTo(USER_ACCOUNT_PATH)).withHeader("Authorization", equalTo("Bearer " + ACCESS))
                .willReturn(answer));
    }
}
