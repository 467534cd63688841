package dev.tether.platform.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.support.Api.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

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
import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.StubServers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** X's OAuth 1.0a variant, and how a link chooses between X's two variants. */
@QuarkusTest
class XOAuth1ConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";
    private static final String CONSUMER_KEY = "cChZNFj6T5R0TigYB9yd1w";
    private static final String CONSUMER_SECRET = "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg";
    private static final String REQUEST_SECRET = "veNRnAWe6inFuo8o2u8SLLZLjolYDmDP7SzL0YfYI";
    private static final String ACCESS_TOKEN = "7588892-kagSNqWge8gB1WwE3plnFsJHAZVfxWD7Vb57p0b4";
    private static final String ACCESS_SECRET = "PbKfYqSryyeKDWz4ebtY3o5ogNLG11WJuZBc9fQrQo";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretBox box;

    Db db;
    WireMockServer wireMock;
    TestProject project;
    /** X's request token; a new one per test, as X issues (attempts are keyed by it). */
    String requestToken;

    @BeforeEach
    void setUp() {
        requestToken = "NPcudxy0yU5T3tBzho7iC" + java.util.UUID.randomUUID().toString().replace("-", "");
        db = new Db(dataSource);
        StubServers.resetStubs();
        wireMock = StubServers.wireMock();
        project = Api.createProject("https://app.example/connected");
        wireMock.stubFor(get(urlPathEqualTo("/x/2/users/me")).willReturn(okJson("""
                {"data": {"id": "7588892", "name": "Ada Lovelace", "username": "ada",
                 "profile_image_url": "https://pbs.twimg.com/profile_images/1/ada_normal.jpg",
                 "verified_type": "blue"}}
                """)));
    }

    // ---------------------------------------------------------------- OAuth 2.0

    @Test
    void credentialsWithoutAVariantAreOAuth2AndConnectThroughAuthorizationCodeWithPkce() {
        Api.putCredentials(project.id(), "x", null, "x-oauth2-client", "x-oauth2-secret");
        Map<String, String> query = Api.query(Api.authUrl(project, "x").url());
        assertThat(query).containsEntry("client_id", "x-oauth2-client").containsEntry("response_type", "code")
                .containsEntry("redirect_uri", redirectUri())
                .containsEntry("scope", "tweet.read tweet.write users.read offline.access media.write")
                .containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).isNotBlank();
        // The stand-in authorization server is an OpenID provider: it wants the openid scope.
        Link link = Api.authUrl(project, Map.of("platform", "x", "platform_data",
                Map.of("x", Map.of("permission_overrides", List.of("openid", "tweet.read", "users.read")))));

        Response consent = Api.browse(link.url());
        consent.then().statusCode(302);
        Map<String, String> params = redirectParams(Api.browse(consent.header("Location")));

        assertThat(params).containsEntry("provider", "x").containsEntry("isSuccess", "true");
        Map<String, Object> row = db.row("select * from social_account where id = ?", params.get("accountIds"));
        assertThat(row).containsEntry("user_id", "7588892").containsEntry("username", "ada");
        assertThat(row.get("access_token_expires_at")).isNotNull();
        assertThat(metadata(row).path("connection_type").asText()).isEqualTo("oauth2");
        wireMock.verify(getRequestedFor(urlPathEqualTo("/x/2/users/me"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+")));
    }

    @Test
    void bothVariantsWithoutAConnectionTypeIsABadRequestNamingTheField() {
        Api.putCredentials(project.id(), "x", "oauth2", "x-oauth2-client", "x-oauth2-secret");
        Api.putCredentials(project.id(), "x", "oauth1", CONSUMER_KEY, CONSUMER_SECRET);

        Api.app(project.apiKey()).body(Map.of("platform", "x")).post("/v1/social-accounts/auth-url")
                .then().statusCode(400).body("message", containsString("platform_data.x.connection_type"));
        Api.app(project.apiKey()).body(Map.of("platform", "x",
                "platform_data", Map.of("x", Map.of("connection_type", "oauth3"))))
                .post("/v1/social-accounts/auth-url")
                .then().statusCode(400).body("message", containsString("must be one of oauth2, oauth1"));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/x/oauth/request_token")));
    }

    // ---------------------------------------------------------------- OAuth 1.0a

    @Test
    void oauth1LinkAsksXForARequestTokenSignedWithTheCallbackAndLinksToItsConsentPage() {
        oauth1Credentials();
        stubRequestToken();

        Link link = oauth1Link();

        assertThat(link.url()).isEqualTo(StubServers.wireMock().baseUrl() + "/x/oauth/authorize?oauth_token=" + requestToken);
        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlEqualTo("/x/oauth/request_token")));
        assertThat(requests).hasSize(1);
        Map<String, String> oauth = OAuth1Check.header(requests.get(0));
        assertThat(oauth).containsEntry("oauth_callback", redirectUri())
                .containsEntry("oauth_consumer_key", CONSUMER_KEY)
                .containsEntry("oauth_signature_method", "HMAC-SHA1")
                .containsEntry("oauth_version", "1.0")
                .doesNotContainKey("oauth_token");
        assertThat(oauth.get("oauth_nonce")).hasSizeGreaterThanOrEqualTo(16);
        assertThat(Long.parseLong(oauth.get("oauth_timestamp"))).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(120L));
        assertThat(OAuth1Check.signatureValid(requests.get(0), CONSUMER_SECRET, null)).isTrue();
        assertThat(OAuth1Check.signatureValid(requests.get(0), "wrong-secret", null)).isFalse();
    }

    @Test
    void oauth1CallbackExchangesTheVerifierAndStoresTheTokenAndItsSecret() {
        oauth1Credentials();
        stubRequestToken();
        wireMock.stubFor(post(urlEqualTo("/x/oauth/access_token")).willReturn(aResponse()
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("oauth_token=" + ACCESS_TOKEN + "&oauth_token_secret=" + ACCESS_SECRET
                        + "&user_id=7588892&screen_name=ada")));
        Link link = oauth1Link();

        Response response = Api.browse(redirectUri() + "?oauth_token=" + requestToken
                + "&oauth_verifier=uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY");

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "x").containsEntry("isSuccess", "true");
        String id = params.get("accountIds");
        assertThat(id).matches(SPC);
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "x").containsEntry("user_id", "7588892")
                .containsEntry("username", "ada").containsEntry("status", "connected")
                .containsEntry("profile_photo_url", "https://pbs.twimg.com/profile_images/1/ada_normal.jpg");
        assertThat(box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext(id))).isEqualTo(ACCESS_TOKEN);
        assertThat(box.decrypt((byte[]) row.get("refresh_token"), SocialAccount.refreshTokenContext(id))).isEqualTo(ACCESS_SECRET);
        assertThat(row.get("access_token_expires_at")).isNull();
        assertThat(row.get("refresh_token_expires_at")).isNull();
        assertThat(metadata(row)).isEqualTo(JSON.createObjectNode().put("connection_type", "oauth1")
                .put("verified_type", "blue").put("has_platform_premium", true));

        LoggedRequest exchange = wireMock.findAll(postRequestedFor(urlEqualTo("/x/oauth/access_token"))).get(0);
        assertThat(OAuth1Check.header(exchange)).containsEntry("oauth_token", requestToken)
                .containsEntry("oauth_verifier", "uw7NjWHT6OJ1MpJOXsHfNxoAhPKpgI8BlYDhxEjIBY")
                .containsEntry("oauth_consumer_key", CONSUMER_KEY);
        assertThat(OAuth1Check.signatureValid(exchange, CONSUMER_SECRET, REQUEST_SECRET)).isTrue();
        LoggedRequest profile = wireMock.findAll(getRequestedFor(urlPathEqualTo("/x/2/users/me"))).get(0);
        assertThat(profile.getUrl()).isEqualTo("/x/2/users/me?user.fields=profile_image_url,verified_type");
        assertThat(OAuth1Check.header(profile)).containsEntry("oauth_token", ACCESS_TOKEN);
        assertThat(OAuth1Check.signatureValid(profile, CONSUMER_SECRET, ACCESS_SECRET)).isTrue();
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("succeeded"));
    }

    @Test
    void oauth1DenialStillReachesTheAppAsACancellation() {
        oauth1Credentials();
        stubRequestToken();
        Link link = oauth1Link();

        Response response = Api.browse(redirectUri() + "?denied=" + requestToken);

        Map<String, String> params = redirectParams(response);
        assertThat(response.header("Location")).startsWith("https://app.example/connected?provider=x&");
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("error", org.hamcrest.Matchers.equalTo("access_denied: the user cancelled the authorization"));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/x/oauth/access_token")));
    }

    @Test
    void onlyOAuth1CredentialsAreUsedWithoutAConnectionType() {
        oauth1Credentials();
        stubRequestToken();

        Link link = Api.authUrl(project, "x");

        assertThat(Api.query(link.url())).containsOnlyKeys("oauth_token").containsEntry("oauth_token", requestToken);
        wireMock.verify(1, postRequestedFor(urlEqualTo("/x/oauth/request_token")));
    }

    @Test
    void oauth1RequestTokenRefusalIsABadGatewayWithXsMessage() {
        oauth1Credentials();
        wireMock.stubFor(post(urlEqualTo("/x/oauth/request_token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":32,\"message\":\"Could not authenticate you.\"}]}")));

        Api.app(project.apiKey()).body(oauth1Body()).post("/v1/social-accounts/auth-url")
                .then().statusCode(502)
                .body("message", org.hamcrest.Matchers.equalTo("x: request token failed: Could not authenticate you. (HTTP 401)"));
        assertThat(db.rows("select id from connection_attempt where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void oauth1AccessTokenRefusalGivesACleanFailedRedirect() {
        oauth1Credentials();
        stubRequestToken();
        wireMock.stubFor(post(urlEqualTo("/x/oauth/access_token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "text/plain")
                .withBody("Error processing your OAuth request: Invalid oauth_verifier parameter")));
        oauth1Link();

        Map<String, String> params = redirectParams(Api.browse(redirectUri() + "?oauth_token=" + requestToken
                + "&oauth_verifier=stale"));

        assertThat(params).containsEntry("isSuccess", "false")
                .containsEntry("error", "access token exchange failed: HTTP 401 from the platform");
        wireMock.verify(0, getRequestedFor(urlPathEqualTo("/x/2/users/me")));
    }

    @Test
    void oauth1TokenIsSingleUse() {
        oauth1Credentials();
        stubRequestToken();
        oauth1Link();
        Api.browse(redirectUri() + "?denied=" + requestToken).then().statusCode(302);

        Map<String, String> again = redirectParams(Api.browse(redirectUri() + "?oauth_token=" + requestToken
                + "&oauth_verifier=v"));

        assertThat(again).containsEntry("isSuccess", "false");
        assertThat(again.get("error")).contains("unknown or was already used");
    }

    // ---------------------------------------------------------------- helpers

    private void oauth1Credentials() {
        Api.putCredentials(project.id(), "x", "oauth1", CONSUMER_KEY, CONSUMER_SECRET);
    }

    private static Map<String, Object> oauth1Body() {
        return Map.of("platform", "x", "platform_data", Map.of("x", Map.of("connection_type", "oauth1")));
    }

    private Link oauth1Link() {
        return Api.authUrl(project, oauth1Body());
    }

    /** X answers form-encoded, with a text/html content type. */
    private void stubRequestToken() {
        wireMock.stubFor(post(urlEqualTo("/x/oauth/request_token")).willReturn(aResponse()
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("oauth_token=" + requestToken + "&oauth_token_secret=" + REQUEST_SECRET
                        + "&oauth_callback_confirmed=true")));
    }

    private String redirectUri() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/x/account";
    }

    private static JsonNode metadata(Map<String, Object> row) {
        try {
            return JSON.readTree(row.get("metadata").toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
