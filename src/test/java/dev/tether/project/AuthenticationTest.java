package dev.tether.project;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Every /v1 and /admin operation, read from the OpenAPI document, refuses missing and wrong credentials. */
@QuarkusTest
class AuthenticationTest {

    @Test
    void everyV1OperationWithoutAKeyIs401() throws Exception {
        List<String[]> operations = operations("/v1/");
        assertThat(operations).isNotEmpty();
        for (String[] op : operations) {
            Response response = given().contentType(ContentType.JSON).body("{}").request(op[0], op[1]);
            assertThat(response.statusCode()).as(op[0] + " " + op[1]).isEqualTo(401);
            assertThat(response.jsonPath().getString("message")).as(op[0] + " " + op[1])
                    .isEqualTo("Authorization token not found.");
        }
    }

    @Test
    void everyV1OperationWithAWrongKeyIs401() throws Exception {
        for (String[] op : operations("/v1/")) {
            for (String header : List.of("Bearer tth_wrongwrongwrongwrongwrongwrongwrongwrong", "Bearer wrong", "Basic abc")) {
                Response response = given().header("Authorization", header).contentType(ContentType.JSON).body("{}")
                        .request(op[0], op[1]);
                assertThat(response.statusCode()).as(header + " " + op[0] + " " + op[1]).isEqualTo(401);
            }
        }
    }

    @Test
    void everyAdminOperationWithoutOrWithAWrongTokenIs401() throws Exception {
        List<String[]> operations = operations("/admin/");
        assertThat(operations).isNotEmpty();
        for (String[] op : operations) {
            assertThat(given().contentType(ContentType.JSON).body("{}").request(op[0], op[1]).statusCode())
                    .as(op[0] + " " + op[1]).isEqualTo(401);
            assertThat(given().header("Authorization", "Bearer not-the-admin-token").contentType(ContentType.JSON)
                    .body("{}").request(op[0], op[1]).statusCode()).as(op[0] + " " + op[1]).isEqualTo(401);
        }
    }

    @Test
    void aProjectKeyDoesNotOpenTheAdminApiNorTheAdminTokenTheV1Api() {
        TestProject project = Api.createProject("https://app.example/x");
        given().header("Authorization", "Bearer " + project.apiKey()).get("/admin/projects/" + project.id())
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).get("/v1/connection-attempts")
                .then().statusCode(401);
    }

    @Test
    void revokedKeyIsRefused() {
        TestProject project = Api.createProject("https://app.example/x");
        Api.app(project.apiKey()).get("/v1/connection-attempts").then().statusCode(200);
        String keyId = Api.admin().get("/admin/projects/" + project.id() + "/api-keys").then().statusCode(200)
                .extract().path("[0].id");

        Api.admin().delete("/admin/projects/" + project.id() + "/api-keys/" + keyId).then().statusCode(200)
                .body("revoked_at", org.hamcrest.Matchers.notNullValue());

        Api.app(project.apiKey()).get("/v1/connection-attempts").then().statusCode(401)
                .body("message", equalTo("Invalid or expired token"));
    }

    @Test
    void aKeyOfOneProjectCannotSeeAnotherProjectsAttempts() {
        TestProject a = Api.sandboxProject();
        TestProject b = Api.sandboxProject();
        Link linkOfB = Api.authUrl(b, "sandbox");

        Api.app(a.apiKey()).get("/v1/connection-attempts/" + linkOfB.attemptId()).then().statusCode(404)
                .body("statusCode", equalTo(404));
        List<String> visibleToA = Api.app(a.apiKey()).get("/v1/connection-attempts?id=" + linkOfB.attemptId())
                .then().statusCode(200).extract().path("data.id");
        assertThat(visibleToA).isEmpty();
        Api.app(b.apiKey()).get("/v1/connection-attempts/" + linkOfB.attemptId()).then().statusCode(200);
    }

    /** Method and a concrete path for every operation under {@code prefix}, path parameters filled with ids. */
    private static List<String[]> operations(String prefix) throws Exception {
        JsonNode spec = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        List<String[]> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith(prefix)) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "proj_abc123");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    result.add(new String[] { method.toUpperCase(), concrete });
                }
            }
        }
        return result;
    }
}
