package dev.tether.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Drives Tether over real HTTP the way an operator, an app and a user's browser do. */
public final class Api {

    public static final String ADMIN_TOKEN = "test-admin-token";

    /** A project with one API key. */
    public record TestProject(String id, String apiKey) {
    }

    /** The answer of auth-url. */
    public record Link(String url, String platform, String attemptId) {
    }

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    public static RequestSpecification app(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType(ContentType.JSON);
    }

    public static TestProject createProject(String callbackUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Test project");
        body.put("callback_url", callbackUrl);
        String id = admin().body(body).post("/admin/projects").then().statusCode(201).extract().path("id");
        String key = admin().post("/admin/projects/" + id + "/api-keys").then().statusCode(201).extract().path("key");
        return new TestProject(id, key);
    }

    /** A project whose users come back to {@code https://app.example/connected}, with sandbox credentials. */
    public static TestProject sandboxProject() {
        TestProject project = createProject("https://app.example/connected");
        putCredentials(project.id(), "sandbox", null, "sandbox-client", "sandbox-secret");
        return project;
    }

    public static void putCredentials(String projectId, String platform, String variant, String clientId,
            String clientSecret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", clientId);
        body.put("client_secret", clientSecret);
        if (variant != null) {
            body.put("variant", variant);
        }
        admin().body(body).put("/admin/projects/" + projectId + "/credentials/" + platform).then().statusCode(200);
    }

    public static Link authUrl(TestProject project, Map<String, Object> body) {
        Response response = app(project.apiKey()).body(body).post("/v1/social-accounts/auth-url");
        response.then().statusCode(201);
        return new Link(response.path("url"), response.path("platform"), response.path("attempt_id"));
    }

    public static Link authUrl(TestProject project, String platform) {
        return authUrl(project, Map.of("platform", platform));
    }

    /** A GET of an absolute, already-encoded URL, without following redirects. */
    public static Response browse(String url) {
        return given().urlEncodingEnabled(false).redirects().follow(false).get(URI.create(url));
    }

    /** Opens a sandbox link and picks an outcome on its consent page; returns the redirect to Tether's callback. */
    public static String sandboxConsent(Link link, String outcome) {
        Response page = browse(link.url());
        page.then().statusCode(200);
        Map<String, String> params = query(link.url());
        Response decision = given().redirects().follow(false)
                .formParams(params)
                .formParam("outcome", outcome)
                .post("/sandbox/oauth/authorize");
        decision.then().statusCode(303);
        return decision.header("Location");
    }

    /** Follows a platform redirect to Tether's callback and returns Tether's answer (a 302 to the app). */
    public static Response callback(String callbackUrl) {
        return browse(callbackUrl);
    }

    /** The whole sandbox flow: link, consent with {@code outcome}, callback; returns the callback's answer. */
    public static Response connectSandbox(TestProject project, Map<String, Object> authUrlBody, String outcome) {
        Link link = authUrl(project, authUrlBody);
        return callback(sandboxConsent(link, outcome));
    }

    /** The decoded query parameters of a URL, in their order. */
    public static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    /** The redirect Tether answered a callback with, checked to be a 302 and parsed. */
    public static Map<String, String> redirectParams(Response callbackResponse) {
        callbackResponse.then().statusCode(302);
        String location = callbackResponse.header("Location");
        assertThat(location).isNotNull();
        return query(location);
    }
}
