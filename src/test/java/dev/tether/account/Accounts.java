package dev.tether.account;

import static dev.tether.support.Api.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.support.Api.TestProject;
import io.restassured.response.Response;

/** Account set-up and reads over the API, shared by the account tests. */
final class Accounts {

    static final String SPC = "spc_[0-9A-Za-z]{21}";
    static final List<String> SHAPE = List.of("id", "platform", "username", "user_id", "profile_photo_url", "status",
            "external_id", "access_token", "refresh_token", "access_token_expires_at", "refresh_token_expires_at",
            "metadata");

    private Accounts() {
    }

    /** A direct-create body with the required fields. */
    static Map<String, Object> body(String platform, String userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platform", platform);
        body.put("user_id", userId);
        body.put("access_token", "access-" + userId);
        body.put("access_token_expires_at", "2030-01-31T12:00:00Z");
        return body;
    }

    static Response create(TestProject project, Map<String, Object> body) {
        return app(project.apiKey()).body(body).post("/v1/social-accounts");
    }

    /** Creates an account directly and returns its id. */
    static String create(TestProject project, String platform, String userId, String username, String externalId) {
        Map<String, Object> body = body(platform, userId);
        if (username != null) {
            body.put("username", username);
        }
        if (externalId != null) {
            body.put("external_id", externalId);
        }
        return create(project, body).then().statusCode(201).extract().path("id");
    }

    static Response get(TestProject project, String id) {
        return app(project.apiKey()).get("/v1/social-accounts/" + id);
    }

    static Response disconnect(TestProject project, String id) {
        return app(project.apiKey()).post("/v1/social-accounts/" + id + "/disconnect");
    }

    /** The ids of a list answer, in order. */
    static List<String> ids(Response list) {
        return list.then().statusCode(200).extract().jsonPath().getList("data.id", String.class);
    }
}
