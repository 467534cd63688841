package dev.tether.support;

import static dev.tether.support.Api.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.support.Api.TestProject;

/** Subscribes webhooks through the API, as an app does. */
public final class Hooks {

    /** A created webhook. */
    public record Subscription(String id, String url, String secret) {
    }

    private Hooks() {
    }

    public static Subscription subscribe(TestProject project, String url, String... eventTypes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("event_types", List.of(eventTypes));
        var response = app(project.apiKey()).body(body).post("/v1/webhooks");
        response.then().statusCode(201);
        return new Subscription(response.path("id"), response.path("url"), response.path("secret"));
    }

    public static Subscription subscribeToCreated(TestProject project, Receiver receiver) {
        return subscribe(project, receiver.url(), "social.account.created");
    }
}
