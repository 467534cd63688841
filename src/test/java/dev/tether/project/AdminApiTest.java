package dev.tether.project;

import static dev.tether.support.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.common.Hashing;
import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AdminApiTest {

    @Inject
    AgroalDataSource dataSource;

    Db db;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
    }

    @Test
    void createGetAndUpdateAProject() {
        String id = admin().body(Map.of("name", "Acme", "callback_url", "https://acme.example/connected"))
                .post("/admin/projects").then().statusCode(201)
                .body("name", equalTo("Acme")).body("callback_url", equalTo("https://acme.example/connected"))
                .body("created_at", not(nullValue()))
                .extract().path("id");
        assertThat(id).matches("proj_[0-9A-Za-z]{21}");

        admin().get("/admin/projects/" + id).then().statusCode(200).body("id", equalTo(id));
        admin().body(Map.of("callback_url", "myapp://connected")).patch("/admin/projects/" + id).then().statusCode(200)
                .body("callback_url", equalTo("myapp://connected")).body("name", equalTo("Acme"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("callback_url", null);
        admin().body(clear).patch("/admin/projects/" + id).then().statusCode(200).body("callback_url", nullValue());
    }

    @Test
    void invalidProjectInputIsA400NamingTheField() {
        admin().body(Map.of("callback_url", "https://a.example")).post("/admin/projects").then().statusCode(400)
                .body("message", equalTo("name: is required"));
        admin().body(Map.of("name", "A", "callback_url", "javascript:alert(1)")).post("/admin/projects").then()
                .statusCode(400).body("message", equalTo("callback_url: the javascript scheme is not allowed"));
        admin().body(Map.of("name", "A", "callback_url", "/relative")).post("/admin/projects").then()
                .statusCode(400).body("message", equalTo("callback_url: must be an absolute URL"));
        admin().body(Map.of("name", 5)).post("/admin/projects").then().statusCode(400)
                .body("message", equalTo("name: wrong type (expected a string)"));
        admin().body("{\"name\": ").post("/admin/projects").then().statusCode(400)
                .body("message", equalTo("The request body is not valid JSON"));
        TestProject project = Api.createProject(null);
        admin().body(Map.of("name", 12)).patch("/admin/projects/" + project.id()).then().statusCode(400)
                .body("message", equalTo("name: must be a string"));
    }

    @Test
    void unknownOrMalformedProjectIdsAre404() {
        admin().get("/admin/projects/proj_doesNotExist").then().statusCode(404).body("statusCode", equalTo(404));
        admin().get("/admin/projects/'; drop table project; --").then().statusCode(404);
        admin().post("/admin/projects/proj_doesNotExist/api-keys").then().statusCode(404);
    }

    @Test
    void apiKeyPlaintextIsShownOnceAndStoredOnlyAsAHash() {
        TestProject project = Api.createProject(null);

        assertThat(project.apiKey()).startsWith("tth_").hasSizeGreaterThan(40);
        admin().get("/admin/projects/" + project.id() + "/api-keys").then().statusCode(200)
                .body(not(containsString(project.apiKey())))
                .body("[0].key_prefix", equalTo(project.apiKey().substring(0, 12)));
        Map<String, Object> row = db.row("select * from api_key where project_id = ?", project.id());
        assertThat(row).containsEntry("key_hash", Hashing.sha256Hex(project.apiKey()));
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(project.apiKey()));
    }

    @Test
    void credentialsAreStoredEncryptedAndNeverShownBack() {
        TestProject project = Api.createProject(null);

        admin().body(Map.of("client_id", "my-client", "client_secret", "super-secret-value"))
                .put("/admin/projects/" + project.id() + "/credentials/x").then().statusCode(200)
                .body("platform", equalTo("x")).body("variant", equalTo("oauth2")).body("client_id", equalTo("my-client"))
                .body(not(containsString("super-secret-value")));
        admin().get("/admin/projects/" + project.id() + "/credentials").then().statusCode(200)
                .body("[0].client_id", equalTo("my-client")).body(not(containsString("super-secret-value")));

        byte[] stored = (byte[]) db.row("select client_secret from platform_credential where project_id = ?",
                project.id()).get("client_secret");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("super-secret-value");
    }

    @Test
    void invalidCredentialsInputIsA4xxNamingTheProblem() {
        TestProject project = Api.createProject(null);
        String base = "/admin/projects/" + project.id() + "/credentials/";

        admin().body(Map.of("client_id", "a", "client_secret", "b")).put(base + "myspace").then().statusCode(404)
                .body("message", containsString("Unknown platform 'myspace'"));
        admin().body(Map.of("client_id", "a", "client_secret", "b", "variant", "oauth3")).put(base + "x").then()
                .statusCode(400).body("message", containsString("variant: must be one of"));
        admin().body(Map.of("client_id", "a")).put(base + "x").then().statusCode(400)
                .body("message", equalTo("client_secret: is required"));
        admin().delete(base + "x").then().statusCode(404);
    }

    @Test
    void removedCredentialsMakeNewLinksA404NamingThePlatform() {
        TestProject project = Api.sandboxProject();
        Api.authUrl(project, "sandbox");

        admin().delete("/admin/projects/" + project.id() + "/credentials/sandbox").then().statusCode(200)
                .body("success", equalTo(true));

        Api.app(project.apiKey()).body(Map.of("platform", "sandbox")).post("/v1/social-accounts/auth-url").then()
                .statusCode(404).body("message", containsString("No app credentials for sandbox"));
    }
}
