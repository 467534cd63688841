package dev.tether.platform.oauth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.tether.platform.Credentials;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The one HTTP client every platform uses (the sandbox included): non-blocking, with a time limit per
 * request, no redirects followed, and failures turned into {@link PlatformException}s whose message names
 * the step that failed and never the request's secrets.
 */
@ApplicationScoped
public class PlatformHttp {

    private static final Logger LOG = Logger.getLogger(PlatformHttp.class);

    private final WebClient client;
    private final ObjectMapper mapper;
    private final long timeoutMillis;

    public PlatformHttp(Vertx vertx, ObjectMapper mapper, PlatformHttpConfig config) {
        this.mapper = mapper;
        this.timeoutMillis = config.timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("Tether")
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<PlatformResponse> get(String step, String url, Map<String, String> headers) {
        return send(step, prepare(HttpMethod.GET, url, headers).send());
    }

    public Uni<PlatformResponse> postForm(String step, String url, Map<String, String> form,
            Map<String, String> headers) {
        MultiMap body = MultiMap.caseInsensitiveMultiMap();
        form.forEach((name, value) -> {
            if (value != null) {
                body.add(name, value);
            }
        });
        return send(step, prepare(HttpMethod.POST, url, headers).sendForm(body));
    }

    public Uni<PlatformResponse> postJson(String step, String url, Object json, Map<String, String> headers) {
        Buffer body;
        try {
            body = Buffer.buffer(mapper.writeValueAsBytes(json));
        } catch (Exception e) {
            return Uni.createFrom().failure(new PlatformException(step + " failed: the request could not be built"));
        }
        return send(step, prepare(HttpMethod.POST, url, headers)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body));
    }

    /** The same as {@link #get} but fails with a clean message unless the platform answered 2xx. */
    public Uni<JsonNode> getOk(String step, String url, Map<String, String> headers) {
        return get(step, url, headers).map(response -> requireOk(step, response));
    }

    public static JsonNode requireOk(String step, PlatformResponse response) {
        if (!response.ok()) {
            throw new PlatformException(step + " failed: " + describeError(response));
        }
        return response.body();
    }

    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    public static Map<String, String> basic(Credentials credentials) {
        String pair = credentials.clientId() + ":" + credentials.clientSecret();
        return Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What went wrong, in the platform's own words where it gave any: an OAuth {@code error} and
     * {@code error_description}, a Graph-style {@code error.message}, a problem {@code detail}, or the status.
     */
    public static String describeError(PlatformResponse response) {
        JsonNode body = response.body();
        JsonNode error = body.path("error");
        String detail = null;
        if (error.isTextual()) {
            String code = PlatformErrors.code(error.asText());
            String description = body.path("error_description").asText(null);
            detail = description == null || description.isBlank() ? code : code + ": " + PlatformErrors.clean(description);
        } else if (error.isObject() && error.path("message").isTextual()) {
            detail = PlatformErrors.clean(error.path("message").asText());
        } else if (body.path("detail").isTextual()) {
            detail = PlatformErrors.clean(body.path("detail").asText());
        } else if (body.path("message").isTextual() && !body.path("message").asText().isBlank()) {
            detail = PlatformErrors.clean(body.path("message").asText());
        }
        String status = response.ok() ? "" : "HTTP " + response.status();
        if (detail == null || detail.isBlank()) {
            return status.isEmpty() ? "unexpected response from the platform" : status + " from the platform";
        }
        return status.isEmpty() ? detail : detail + " (" + status + ")";
    }

    private HttpRequest<Buffer> prepare(HttpMethod method, String url, Map<String, String> headers) {
        HttpRequest<Buffer> request = client.requestAbs(method, url)
                .timeout(timeoutMillis)
                .putHeader("Accept", "application/json");
        headers.forEach(request::putHeader);
        return request;
    }

    private Uni<PlatformResponse> send(String step, Uni<HttpResponse<Buffer>> call) {
        return call
                .map(response -> new PlatformResponse(response.statusCode(), parse(response.body()),
                        response.body() == null ? "" : response.body().toString()))
                .onFailure(failure -> !(failure instanceof PlatformException))
                .transform(failure -> {
                    LOG.warnf("Platform call for the %s failed: %s", step, failure.getClass().getSimpleName());
                    boolean timeout = failure instanceof java.util.concurrent.TimeoutException
                            || failure.getClass().getSimpleName().contains("Timeout");
                    return new PlatformException("could not reach the platform for the " + step
                            + (timeout ? " (timed out)" : " (connection failed)"));
                });
    }

    private JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = mapper.readTree(body.getBytes());
            return node == null ? MissingNode.getInstance() : node;
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }
}
