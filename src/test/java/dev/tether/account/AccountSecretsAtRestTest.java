package dev.tether.account;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.Api.sandboxProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.common.SecretBox;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** What the social_account row holds: ciphertext only, readable with the key and the row's context. */
@QuarkusTest
class AccountSecretsAtRestTest {

    private static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretBox box;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = sandboxProject();
    }

    private Map<String, Object> row(String id) {
        return db.row("select * from social_account where id = ?", id);
    }

    private static void assertSealed(Object column, String plaintext) {
        assertThat(column).isInstanceOf(byte[].class);
        byte[] stored = (byte[]) column;
        String asText = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(plaintext);
        assertThat(asText).doesNotContain(Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void connectedAccountTokensAreStoredEncryptedAndBoundToTheirRowAndColumn() {
        String id = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve")).get("accountIds");
        Response account = Accounts.get(project, id);
        String accessToken = account.then().statusCode(200).extract().path("access_token");
        String refreshToken = account.path("refresh_token");
        assertThat(accessToken).isNotBlank();
        assertThat(refreshToken).isNotBlank().isNotEqualTo(accessToken);

        Map<String, Object> row = row(id);
        assertSealed(row.get("access_token"), accessToken);
        assertSealed(row.get("refresh_token"), refreshToken);
        assertThat(box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext(id))).isEqualTo(accessToken);
        assertThat(box.decrypt((byte[]) row.get("refresh_token"), SocialAccount.refreshTokenContext(id))).isEqualTo(refreshToken);
        assertThatThrownBy(() -> box.decrypt((byte[]) row.get("access_token"), SocialAccount.refreshTokenContext(id)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext("spc_other")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void directCreateStoresTheTokensAndTheAppPasswordEncryptedAndNeverShowsThePassword() {
        Map<String, Object> body = Accounts.body("sandbox", "did:plc:abc123");
        body.put("refresh_token", "refresh-plain-value");
        body.put("metadata", new HashMap<>(Map.of("handle", "someone.bsky.social", "bluesky_app_password", APP_PASSWORD)));

        Response created = Accounts.create(project, body);
        created.then().statusCode(201)
                .body("access_token", equalTo("access-did:plc:abc123"))
                .body("metadata.handle", equalTo("someone.bsky.social"))
                .body("metadata", not(hasKey("bluesky_app_password")));
        assertThat(created.asString()).doesNotContain(APP_PASSWORD);
        String id = created.path("id");

        Map<String, Object> row = row(id);
        assertSealed(row.get("access_token"), "access-did:plc:abc123");
        assertSealed(row.get("refresh_token"), "refresh-plain-value");
        assertSealed(row.get("app_password"), APP_PASSWORD);
        assertThat(box.decrypt((byte[]) row.get("app_password"), SocialAccount.appPasswordContext(id))).isEqualTo(APP_PASSWORD);
        assertThat(row.get("metadata").toString()).contains("someone.bsky.social").doesNotContain(APP_PASSWORD)
                .doesNotContain("bluesky_app_password");

        assertThat(Accounts.get(project, id).asString()).doesNotContain(APP_PASSWORD);
        assertThat(app(project.apiKey()).get("/v1/social-accounts").asString()).doesNotContain(APP_PASSWORD);
    }

    @Test
    void appPasswordOfAConnectedAccountIsNeverShownAndIsErasedByDisconnect() {
        String id = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve")).get("accountIds");
        db.update("update social_account set app_password = ? where id = ?",
                box.encrypt(APP_PASSWORD, SocialAccount.appPasswordContext(id)), id);

        assertThat(Accounts.get(project, id).then().statusCode(200).extract().asString()).doesNotContain(APP_PASSWORD);

        String disconnected = Accounts.disconnect(project, id).then().statusCode(201).extract().asString();
        assertThat(disconnected).doesNotContain(APP_PASSWORD);
        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("status", "disconnected");
        assertThat(row.get("access_token")).isNull();
        assertThat(row.get("refresh_token")).isNull();
        assertThat(row.get("app_password")).isNull();
        assertThat(row.get("access_token_expires_at")).isNull();
        assertThat(row.get("metadata").toString()).contains("Sandbox User 1");
    }

    @Test
    void appPasswordLeftInStoredMetadataIsNotShown() {
        String id = Accounts.create(project, "sandbox", "legacy-user", null, null);
        db.update("update social_account set metadata = ?::jsonb where id = ?",
                "{\"bluesky_app_password\": \"" + APP_PASSWORD + "\", \"handle\": \"legacy\"}", id);

        Response account = Accounts.get(project, id);
        account.then().statusCode(200).body("metadata.handle", equalTo("legacy"));
        assertThat(account.asString()).doesNotContain(APP_PASSWORD);
    }
}
