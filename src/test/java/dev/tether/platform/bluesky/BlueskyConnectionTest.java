package dev.tether.platform.bluesky;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.tether.platform.PlatformTestKit.assertEncrypted;
import static dev.tether.support.Api.app;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.StubServers.wireMock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.tether.account.SocialAccount;
import dev.tether.common.SecretBox;
import dev.tether.connection.ConnectionAttempt;
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
class BlueskyConnectionTest {

    static final String SESSION_PATH = "/bluesky/xrpc/com.atproto.server.createSession";
    static final String PROFILE_PATH = "/bluesky/xrpc/app.bsky.actor.getProfile";
    static final String DID = "did:plc:z72i7hdynmk6r22z27h6tvur";
    static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";
    static final Instant ACCESS_EXPIRES = Instant.parse("2027-01-01T02:00:00Z");
    static final Instant REFRESH_EXPIRES = Instant.parse("2027-04-01T00:00:00Z");
    static final String ACCESS = jwt("{\"scope\":\"com.atproto.appPass\",\"sub\":\"" + DID
            + "\",\"iat\":1798761600,\"exp\":" + ACCESS_EXPIRES.getEpochSecond() + ",\"aud\":\"did:web:morel.us-east.host.bsky.network\"}");
    static final String REFRESH = jwt("{\"scope\":\"com.atproto.refresh\",\"sub\":\"" + DID
            + "\",\"aud\":\"did:web:bsky.social\",\"jti\":\"6nNmJAqJ0Q2ZB8bN5Fv0\",\"iat\":1798761600,\"exp\":"
            + REFRESH_EXPIRES.getEpochSecond() + "}");

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
        project = Api.createProject("https://app.example/connected"); // no credentials: Bluesky needs none
    }

    @Test
    void linkIsTethersOwnCallbackWithTheHandleAndState() {
        Link link = authUrl(project, blueskyBody("alice.bsky.social", APP_PASSWORD));

        String callback = "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/bluesky/account";
        assertThat(link.url()).startsWith(callback + "?handle=alice.bsky.social&state=");
        assertThat(Api.query(link.url()).keySet()).containsExactly("handle", "state");
        assertThat(link.url()).doesNotContain(APP_PASSWORD);
        wireMock().verify(0, postRequestedFor(urlEqualTo(SESSION_PATH)));
    }

    @Test
    void handleIsCleanedOfTheAtSignDirectionMarksAndStrayCharacters() {
        stubSession(okJson(sessionJson()));
        stubProfile(okJson(profileJson()));
        Link link = authUrl(project, blueskyBody("\u202A@alice.bsky.social\u200F\u202C ", APP_PASSWORD));

        assertThat(Api.query(link.url())).containsEntry("handle", "alice.bsky.social");
        redirectParams(Api.callback(link.url()));
        wireMock().verify(1, postRequestedFor(urlEqualTo(SESSION_PATH)).withRequestBody(equalToJson(
                "{\"identifier\":\"alice.bsky.social\",\"password\":\"" + APP_PASSWORD + "\"}")));
    }

    @Test
    void missingHandleOrAppPasswordIsA400NamingTheField() {
        assertBadRequest(Map.of("platform", "bluesky"), "platform_data.bluesky: is required, with handle and app_password");
        assertBadRequest(blueskyBody(null, APP_PASSWORD), "platform_data.bluesky.handle: is required");
        assertBadRequest(blueskyBody("@\u200E", APP_PASSWORD), "platform_data.bluesky.handle: is required");
        assertBadRequest(blueskyBody("alice.bsky.social", null), "platform_data.bluesky.app_password: is required");
        assertBadRequest(blueskyBody("alice.bsky.social", "   "), "platform_data.bluesky.app_password: is required");
        assertBadRequest(blueskyBody("alice.bsky.social", "x".repeat(257)),
                "platform_data.bluesky.app_password: must be at most 256 characters");
        assertBadRequest(blueskyBody("alice.bsky.social", APP_PASSWORD + "\n"),
                "platform_data.bluesky.app_password: must not contain line breaks or control characters");
        assertBadRequest(blueskyBody("alice@example.com", APP_PASSWORD),
                "platform_data.bluesky.handle: must be a Bluesky handle such as alice.bsky.social, not an email address");
        assertBadRequest(blueskyBody("alice", APP_PASSWORD),
                "platform_data.bluesky.handle: must be a full handle such as alice.bsky.social");
        assertThat(db.rows("select id from connection_attempt where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void openingTheLinkSignsInOnThePdsAndStoresTheAccountWithJwtExpiries() {
        stubSession(okJson(sessionJson()));
        stubProfile(okJson(profileJson()));
        Link link = authUrl(project, Map.of("platform", "bluesky", "external_id", "user-5",
                "platform_data", Map.of("bluesky", Map.of("handle", "alice.bsky.social", "app_password", APP_PASSWORD))));

        Response response = Api.callback(link.url());

        Map<String, String> params = redirectParams(response);
        assertThat(response.header("Location")).startsWith("https://app.example/connected?provider=bluesky&");
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("isSuccess", "true");
        wireMock().verify(1, getRequestedFor(urlPathEqualTo(PROFILE_PATH))
                .withQueryParam("actor", WireMock.equalTo(DID))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + ACCESS)));

        String id = params.get("accountIds");
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "bluesky").containsEntry("user_id", DID)
                .containsEntry("username", "alice.bsky.social")
                .containsEntry("profile_photo_url", "https://cdn.bsky.app/img/avatar/plain/" + DID + "/bafkreih@jpeg")
                .containsEntry("external_id", "user-5").containsEntry("status", "connected");
        assertThat(((Instant) row.get("access_token_expires_at"))).isEqualTo(ACCESS_EXPIRES);
        assertThat(((Instant) row.get("refresh_token_expires_at"))).isEqualTo(REFRESH_EXPIRES);
        assertEncrypted(row.get("access_token"), ACCESS, SocialAccount.accessTokenContext(id), box);
        assertEncrypted(row.get("refresh_token"), REFRESH, SocialAccount.refreshTokenContext(id), box);
        assertEncrypted(row.get("app_password"), APP_PASSWORD, SocialAccount.appPasswordContext(id), box);
        assertThat(row.get("metadata").toString()).doesNotContain(APP_PASSWORD);
    }

    @Test
    void appPasswordIsEncryptedOnTheAttemptPurgedOnCompletionAndNeverReturnedByTheApi() {
        stubSession(okJson(sessionJson()));
        stubProfile(okJson(profileJson()));
        Link link = authUrl(project, blueskyBody("alice.bsky.social", APP_PASSWORD));

        Map<String, Object> pending = db.row("select * from connection_attempt where id = ?", link.attemptId());
        byte[] secret = (byte[]) pending.get("platform_secret");
        assertThat(new String(secret, StandardCharsets.ISO_8859_1)).doesNotContain(APP_PASSWORD);
        assertThat(box.decrypt(secret, ConnectionAttempt.platformSecretContext(link.attemptId())))
                .isEqualTo("{\"handle\":\"alice.bsky.social\",\"app_password\":\"" + APP_PASSWORD + "\"}");
        assertThat(app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .extract().asString()).doesNotContain(APP_PASSWORD);

        String accountId = redirectParams(Api.callback(link.url())).get("accountIds");

        assertThat(db.row("select platform_secret from connection_attempt where id = ?", link.attemptId()).get("platform_secret"))
                .isNull();
        assertThat(app(project.apiKey()).get("/v1/social-accounts/" + accountId).then().statusCode(200)
                .body("username", Matchers.equalTo("alice.bsky.social")).extract().asString()).doesNotContain(APP_PASSWORD);
        assertThat(app(project.apiKey()).get("/v1/social-accounts?platform=bluesky").then().statusCode(200)
                .extract().asString()).doesNotContain(APP_PASSWORD);
        assertThat(app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", Matchers.equalTo("succeeded")).extract().asString()).doesNotContain(APP_PASSWORD);
        assertThat(app(project.apiKey()).get("/v1/connection-attempts").then().statusCode(200)
                .extract().asString()).doesNotContain(APP_PASSWORD);
    }

    @Test
    void theLinkSignsInOnlyOnce() {
        stubSession(okJson(sessionJson()));
        stubProfile(okJson(profileJson()));
        Link link = authUrl(project, blueskyBody("alice.bsky.social", APP_PASSWORD));
        redirectParams(Api.callback(link.url()));

        Map<String, String> again = redirectParams(Api.callback(link.url()));

        assertThat(again).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "This connection link is unknown or was already used; create a new link");
        wireMock().verify(1, postRequestedFor(urlEqualTo(SESSION_PATH)));
    }

    @Test
    void wrongAppPasswordFailsWithAClearMessageAndStoresNothing() {
        stubSession(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}"));
        Link link = authUrl(project, blueskyBody("alice.bsky.social", APP_PASSWORD));

        Response response = Api.callback(link.url());

        Map<String, String> params = redirectParams(response);
        assertThat(params).containsExactly(Map.entry("provider", "bluesky"), Map.entry("projectId", project.id()),
                Map.entry("isSuccess", "false"), Map.entry("accountIds", ""),
                Map.entry("error", "sign-in failed: the handle or app password is not valid"));
        assertThat(response.header("Location")).doesNotContain(APP_PASSWORD);
        wireMock().verify(0, getRequestedFor(urlPathEqualTo(PROFILE_PATH)));
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
        assertThat(db.row("select platform_secret, error from connection_attempt where id = ?", link.attemptId()))
                .containsEntry("platform_secret", null)
                .containsEntry("error", "sign-in failed: the handle or app password is not valid");
    }

    @Test
    void profileWithoutADidFailsSayingNoAccountWasConnected() {
        stubSession(okJson(sessionJson()));
        stubProfile(okJson("{}"));
        Link link = authUrl(project, blueskyBody("alice.bsky.social", APP_PASSWORD));

        Map<String, String> params = redirectParams(Api.callback(link.url()));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("error", "Bluesky returned no profile for this account, so no account was connected");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    private void assertBadRequest(Map<String, Object> body, String message) {
        String answer = app(project.apiKey()).body(body).post("/v1/social-accounts/auth-url").then().statusCode(400)
                .body("statusCode", Matchers.equalTo(400)).body("message", Matchers.equalTo(message)).extract().asString();
        assertThat(answer).doesNotContain(APP_PASSWORD);
    }

    static Map<String, Object> blueskyBody(String handle, String appPassword) {
        Map<String, Object> login = new LinkedHashMap<>();
        if (handle != null) {
            login.put("handle", handle);
        }
        if (appPassword != null) {
            login.put("app_password", appPassword);
        }
        return Map.of("platform", "bluesky", "platform_data", Map.of("bluesky", login));
    }

    static String sessionJson() {
        return """
                {"did":"%s","didDoc":{"@context":["https://www.w3.org/ns/did/v1"],"id":"%s",
                  "alsoKnownAs":["at://alice.bsky.social"],
                  "service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer",
                   "serviceEndpoint":"https://morel.us-east.host.bsky.network"}]},
                 "handle":"alice.bsky.social","email":"alice@example.com","emailConfirmed":true,
                 "emailAuthFactor":false,"accessJwt":"%s","refreshJwt":"%s","active":true}"""
                .formatted(DID, DID, ACCESS, REFRESH);
    }

    static String profileJson() {
        return """
                {"did":"%s","handle":"alice.bsky.social","displayName":"Alice",
                 "description":"Testing Tether","avatar":"https://cdn.bsky.app/img/avatar/plain/%s/bafkreih@jpeg",
                 "followersCount":10,"followsCount":4,"postsCount":25,"indexedAt":"2025-01-01T00:00:00.000Z"}"""
                .formatted(DID, DID);
    }

    static void stubSession(ResponseDefinitionBuilder answer) {
        wireMock().stubFor(post(urlEqualTo(SESSION_PATH)).willReturn(answer));
    }

    static void stubProfile(ResponseDefinitionBuilder answer) {
        wireMock().stubFor(get(urlPathEqualTo(PROFILE_PATH)).willReturn(answer));
    }

    static String jwt(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
