package dev.tether.platform.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The X OAuth 2.0 flow against a real OAuth 2.0 server (PKCE and redirect URI checked) and a stubbed users/me. */
@QuarkusTest
class XConnectionTest {

    static final String USERS_ME = "{\"data\":{\"id\":\"2244994945\",\"name\":\"X Developers\","
            + "\"username\":\"XDevelopers\",\"profile_image_url\":\"https://pbs.twimg.com/profile_images/x_normal.jpg\","
            + "\"verified_type\":\"business\"}}";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretBox box;

    @Inject
    ObjectMapper mapper;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        StubServers.resetStubs();
        wireMock().stubFor(get(urlPathEqualTo("/x/2/users/me"))
                .withQueryParam("user.fields", equalTo("profile_image_url,verified_type"))
                .willReturn(okJson(USERS_ME)));
        project = Api.createProject("https://app.example/x-done");
        Api.putCredentials(project.id(), "x", null, "x-client", "x-secret");
    }

    @Test
    void authorizationLinkCarriesClientIdScopesStateAndPkce() {
        Link link = authUrl(project, "x");

        assertThat(link.url()).startsWith(StubServers.oauth2().authorizationEndpointUrl("x") + "?");
        Map<String, String> params = query(link.url());
        assertThat(params).containsEntry("response_type", "code")
                .containsEntry("client_id", "x-client")
                .containsEntry("redirect_uri", "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/x/account")
                .containsEntry("scope", "tweet.read tweet.write users.read offline.access media.write")
                .containsEntry("code_challenge_method", "S256");
        assertThat(params.get("state")).hasSizeGreaterThanOrEqualTo(22);
        assertThat(params.get("code_challenge")).hasSize(43);
    }

    @Test
    void approvedConnectionStoresTheAccountWithEncryptedTokensAndRedirects() {
        Link link = authUrl(project, Map.of("platform", "x", "external_id", "customer-9"));
        String toCallback = authorizeAtX(link);

        Instant before = Instant.now();
        Map<String, String> params = redirectParams(callback(toCallback));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "x").containsEntry("isSuccess", "true");
        String accountId = params.get("accountIds");

        // The token request proved PKCE and the redirect URI to the real OAuth server, with Basic client auth.
        LoggedRequest tokenRequest = wireMock().findAll(postRequestedFor(urlEqualTo("/x/2/oauth2/token"))).get(0);
        assertThat(tokenRequest.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("x-client:x-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(tokenRequest.getBodyAsString()).contains("code_verifier=").contains("grant_type=authorization_code")
                .contains("redirect_uri=http%3A%2F%2Flocalhost%3A" + RestAssured.port + "%2Fcallback%2F" + project.id() + "%2Fx%2Faccount");
        JsonNode tokenResponse = tokenResponse();
        String accessToken = tokenResponse.path("access_token").asText();
        String refreshToken = tokenResponse.path("refresh_token").asText();
        assertThat(accessToken).isNotEmpty();
        wireMock().verify(getRequestedFor(urlPathEqualTo("/x/2/users/me"))
                .withHeader("Authorization", equalTo("Bearer " + accessToken)));

        Map<String, Object> row = db.row("select * from social_account where id = ?", accountId);
        assertThat(row).containsEntry("platform", "x").containsEntry("user_id", "2244994945")
                .containsEntry("username", "XDevelopers").containsEntry("external_id", "customer-9")
                .containsEntry("profile_photo_url", "https://pbs.twimg.com/profile_images/x_normal.jpg")
                .containsEntry("status", "connected");
        byte[] storedAccess = (byte[]) row.get("access_token");
        assertThat(new String(storedAccess, StandardCharsets.ISO_8859_1)).doesNotContain(accessToken);
        assertThat(box.decrypt(storedAccess, SocialAccount.accessTokenContext(accountId))).isEqualTo(accessToken);
        if (!refreshToken.isEmpty()) {
            assertThat(box.decrypt((byte[]) row.get("refresh_token"), SocialAccount.refreshTokenContext(accountId)))
                    .isEqualTo(refreshToken);
        }
        Instant expiresAt = (Instant) row.get("access_token_expires_at");
        assertThat(expiresAt).isCloseTo(before.plusSeconds(tokenResponse.path("expires_in").asLong()),
                within(30, ChronoUnit.SECONDS));
        assertThat(row.get("metadata").toString()).contains("\"connection_type\": \"oauth2\"")
                .contains("\"verified_type\": \"business\"");
    }

    @Test
    void denialAtXRedirectsWithACancellationMessageAndMakesNoTokenRequest() {
        Link link = authUrl(project, "x");
        String state = query(link.url()).get("state");

        Map<String, String> params = redirectParams(browse(callbackBase() + "?error=access_denied&state=" + state));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        assertThat(wireMock().findAll(postRequestedFor(urlEqualTo("/x/2/oauth2/token")))).isEmpty();
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then()
                .body("status", org.hamcrest.Matchers.equalTo("failed"));
    }

    @Test
    void tokenEndpointErrorRedirectsWithThePlatformsMessage() {
        Link link = authUrl(project, "x");
        String toCallback = authorizeAtX(link);
        String code = query(toCallback).get("code");
        wireMock().stubFor(post(urlEqualTo("/x/2/oauth2/token")).atPriority(1)
                .withRequestBody(containing("code=" + code))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the authorization code was invalid.\"}")));

        Map<String, String> params = redirectParams(callback(toCallback));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("error",
                "token exchange failed: invalid_request: Value passed for the authorization code was invalid. (HTTP 400)");
        assertThat(params.get("error")).doesNotContain(code);
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then()
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("error", org.hamcrest.Matchers.startsWith("token exchange failed: invalid_request"));
    }

    @Test
    void tokenEndpointOutageRedirectsWithAClearError() {
        Link link = authUrl(project, "x");
        String toCallback = authorizeAtX(link);
        wireMock().stubFor(post(urlEqualTo("/x/2/oauth2/token")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));

        Map<String, String> params = redirectParams(callback(toCallback));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "token exchange failed: HTTP 503 from the platform");
    }

    @Test
    void profileLookupFailureRedirectsWithAClearErrorAndStoresNoAccount() {
        wireMock().stubFor(get(urlPathEqualTo("/x/2/users/me")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
        Link link = authUrl(project, "x");

        Map<String, String> params = redirectParams(callback(authorizeAtX(link)));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "profile lookup failed: Unauthorized (HTTP 401)");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    /**
     * Opens the link at the OAuth server, which signs in without a form and redirects to Tether's callback.
     * mock-oauth2-server only serves OpenID Connect requests, so the browser adds {@code openid} to the scope;
     * the scopes Tether asks X for are checked in {@link #authorizationLinkCarriesClientIdScopesStateAndPkce}.
     */
    private String authorizeAtX(Link link) {
        Response authorize = browse(link.url().replace("&scope=", "&scope=openid%20"));
        assertThat(authorize.statusCode()).as(authorize.body().asString()).isEqualTo(302);
        String location = authorize.header("Location");
        assertThat(location).startsWith(callbackBase() + "?");
        assertThat(query(location)).containsKeys("code", "state");
        return location;
    }

    private String callbackBase() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/x/account";
    }

    private JsonNode tokenResponse() {
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = wireMock().getAllServeEvents();
        return events.stream()
                .filter(e -> e.getRequest().getUrl().equals("/x/2/oauth2/token"))
                .map(e -> {
                    try {
                        return mapper.readTree(e.getResponse().getBodyAsString());
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .findFirst().orElseThrow();
    }
}
