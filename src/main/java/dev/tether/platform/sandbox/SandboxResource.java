package dev.tether.platform.sandbox;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tether.common.Hashing;
import dev.tether.common.Html;
import dev.tether.common.SecretBox;
import dev.tether.common.TetherConfig;
import dev.tether.connection.ConnectionAttemptRepository;
import dev.tether.platform.oauth.Pkce;
import dev.tether.platform.oauth.Urls;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The sandbox platform's own side: a consent page, an OAuth 2.0 token endpoint and an account API.
 * <p>
 * Codes and tokens are sealed with Tether's key (AES-GCM), so the sandbox keeps no state of its own. The
 * consent page only ever redirects to the redirect URI recorded on the attempt its {@code state} belongs to:
 * Tether's callback, or the attempt's {@code redirect_url_override}.
 */
@Path("/sandbox")
@Tag(name = "Sandbox", description = "A built-in platform for trying the whole flow without a social app")
public class SandboxResource {

    /** The choices on the consent page, as the form field {@code outcome} sends them. */
    public static final List<String> OUTCOMES = List.of("approve", "approve_multiple", "partial", "deny");

    private static final long CODE_LIFETIME_SECONDS = 600;
    private static final long ACCESS_TOKEN_SECONDS = 7_200;
    private static final long REFRESH_TOKEN_SECONDS = 60L * 24 * 3600;
    private static final String CODE_CONTEXT = "sandbox.authorization_code";
    private static final String TOKEN_CONTEXT = "sandbox.access_token";
    private static final String REFRESH_CONTEXT = "sandbox.refresh_token";

    private final SandboxConfig config;
    private final TetherConfig tether;
    private final SecretBox box;
    private final ObjectMapper mapper;
    private final ConnectionAttemptRepository attempts;
    private final Clock clock;

    public SandboxResource(SandboxConfig config, TetherConfig tether, SecretBox box, ObjectMapper mapper,
            ConnectionAttemptRepository attempts, Clock clock) {
        this.config = config;
        this.tether = tether;
        this.box = box;
        this.mapper = mapper;
        this.attempts = attempts;
        this.clock = clock;
    }

    // ------------------------------------------------------------ consent

    @GET
    @Path("oauth/authorize")
    @Produces(MediaType.TEXT_HTML)
    @WithSession
    @Operation(summary = "Sandbox consent page", description = "An HTML form that POSTs `outcome`: approve, "
            + "approve_multiple, partial or deny.")
    @APIResponse(responseCode = "200", description = "The consent page")
    @APIResponse(responseCode = "400", description = "The link is invalid (HTML page, no redirect)")
    public Uni<Response> consentPage(@RestQuery("response_type") String responseType,
            @RestQuery("client_id") String clientId, @RestQuery("redirect_uri") String redirectUri,
            @RestQuery String scope, @RestQuery String state, @RestQuery("code_challenge") String codeChallenge,
            @RestQuery("code_challenge_method") String codeChallengeMethod) {
        if (!config.enabled()) {
            return Uni.createFrom().item(disabled());
        }
        AuthorizationParams params = new AuthorizationParams(responseType, clientId, redirectUri, scope, state,
                codeChallenge, codeChallengeMethod);
        return check(params).map(problem -> problem != null ? invalid(problem) : consent(params));
    }

    @POST
    @Path("oauth/authorize")
    @Produces(MediaType.TEXT_HTML)
    @WithSession
    @Operation(summary = "Sandbox consent decision", description = "Redirects to the attempt's redirect URI with a "
            + "code, or with error=access_denied for `deny`.")
    @APIResponse(responseCode = "303", description = "Back to the redirect URI")
    @APIResponse(responseCode = "400", description = "Invalid link or outcome (HTML page, no redirect)")
    public Uni<Response> decide(@FormParam("response_type") String responseType,
            @FormParam("client_id") String clientId, @FormParam("redirect_uri") String redirectUri,
            @FormParam("scope") String scope, @FormParam("state") String state,
            @FormParam("code_challenge") String codeChallenge,
            @FormParam("code_challenge_method") String codeChallengeMethod, @FormParam("outcome") String outcome) {
        if (!config.enabled()) {
            return Uni.createFrom().item(disabled());
        }
        AuthorizationParams params = new AuthorizationParams(responseType, clientId, redirectUri, scope, state,
                codeChallenge, codeChallengeMethod);
        return check(params).map(problem -> {
            if (problem != null) {
                return invalid(problem);
            }
            if (outcome == null || !OUTCOMES.contains(outcome)) {
                return invalid("outcome must be one of " + String.join(", ", OUTCOMES));
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (outcome.equals("deny")) {
                query.put("error", "access_denied");
                query.put("error_description", "The user denied the request");
            } else {
                ObjectNode code = mapper.createObjectNode()
                        .put("client_id", clientId)
                        .put("redirect_uri", redirectUri)
                        .put("code_challenge", codeChallenge)
                        .put("scope", scope)
                        .put("outcome", outcome)
                        .put("expires", clock.instant().getEpochSecond() + CODE_LIFETIME_SECONDS);
                query.put("code", seal(code, CODE_CONTEXT));
            }
            query.put("state", state);
            return Html.noStore(Response.seeOther(URI.create(Urls.withQuery(redirectUri, query)))).build();
        });
    }

    private record AuthorizationParams(String responseType, String clientId, String redirectUri, String scope,
            String state, String codeChallenge, String codeChallengeMethod) {
    }

    /** Null when the authorization request is acceptable, else what is wrong with it. */
    private Uni<String> check(AuthorizationParams params) {
        if (!"code".equals(params.responseType())) {
            return Uni.createFrom().item("response_type must be code");
        }
        if (blank(params.clientId()) || blank(params.redirectUri()) || blank(params.state())) {
            return Uni.createFrom().item("client_id, redirect_uri and state are required");
        }
        if (blank(params.codeChallenge()) || !Pkce.METHOD.equals(params.codeChallengeMethod())) {
            return Uni.createFrom().item("the sandbox requires PKCE with code_challenge_method=S256");
        }
        return attempts.findByKeyHash(Hashing.sha256Hex(params.state())).map(attempt -> {
            if (attempt == null || !SandboxPlatform.NAME.equals(attempt.platform)) {
                return "this link is unknown or has expired; ask the app for a new one";
            }
            if (!attempt.redirectUri.equals(params.redirectUri())) {
                return "redirect_uri is not the one registered for this link";
            }
            return null;
        });
    }

    private Response consent(AuthorizationParams params) {
        StringBuilder body = new StringBuilder()
                .append("<h1>Tether sandbox</h1>")
                .append("<p>An app (client <code>").append(Html.escape(params.clientId()))
                .append("</code>) asks to connect your sandbox account.</p>")
                .append("<p>Scopes: <code>").append(Html.escape(params.scope())).append("</code></p>")
                .append("<form method=\"post\" action=\"authorize\">");
        hidden(body, "response_type", params.responseType());
        hidden(body, "client_id", params.clientId());
        hidden(body, "redirect_uri", params.redirectUri());
        hidden(body, "scope", params.scope());
        hidden(body, "state", params.state());
        hidden(body, "code_challenge", params.codeChallenge());
        hidden(body, "code_challenge_method", params.codeChallengeMethod());
        body.append("<button name=\"outcome\" value=\"approve\">Approve: connect sandbox_user_1</button>")
                .append("<button name=\"outcome\" value=\"approve_multiple\">Approve: connect sandbox_user_1 and sandbox_user_2</button>")
                .append("<button name=\"outcome\" value=\"partial\">Approve two, the platform refuses sandbox_user_2</button>")
                .append("<button name=\"outcome\" value=\"deny\">Cancel</button>")
                .append("</form>");
        return Html.noStore(Response.ok(Html.page("Sandbox: authorize", body.toString()), MediaType.TEXT_HTML_TYPE))
                .header("X-Frame-Options", "DENY")
                .build();
    }

    private static void hidden(StringBuilder body, String name, String value) {
        body.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(Html.escape(value))
                .append("\">");
    }

    private static Response invalid(String problem) {
        return Html.response(400, "Sandbox: invalid request",
                "<h1 class=\"error\">Invalid authorization request</h1><p>" + Html.escape(problem) + "</p>");
    }

    // ------------------------------------------------------------ token endpoint

    @POST
    @Path("oauth/token")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sandbox token endpoint", description = "RFC 6749 authorization-code grant with PKCE.")
    @APIResponse(responseCode = "200", description = "Tokens")
    @APIResponse(responseCode = "400", description = "An OAuth error (invalid_grant, unsupported_grant_type, …)")
    @APIResponse(responseCode = "401", description = "invalid_client")
    public Response token(@FormParam("grant_type") String grantType, @FormParam("code") String code,
            @FormParam("redirect_uri") String redirectUri, @FormParam("code_verifier") String codeVerifier,
            @FormParam("client_id") String clientId, @HeaderParam("Authorization") String authorization) {
        if (!config.enabled()) {
            return Response.status(404).build();
        }
        if (!"authorization_code".equals(grantType)) {
            return oauthError(400, "unsupported_grant_type", "only authorization_code is supported");
        }
        String client = basicClientId(authorization);
        if (client == null) {
            client = clientId;
        }
        if (blank(client)) {
            return oauthError(401, "invalid_client", "client authentication is required");
        }
        JsonNode grant = unseal(code, CODE_CONTEXT);
        if (grant == null || grant.path("expires").asLong() < clock.instant().getEpochSecond()) {
            return oauthError(400, "invalid_grant", "the authorization code is invalid or expired");
        }
        if (!client.equals(grant.path("client_id").asText())) {
            return oauthError(400, "invalid_grant", "the code was issued to another client");
        }
        if (!grant.path("redirect_uri").asText().equals(redirectUri)) {
            return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        if (blank(codeVerifier) || !Pkce.challenge(codeVerifier).equals(grant.path("code_challenge").asText())) {
            return oauthError(400, "invalid_grant", "code_verifier does not match the code challenge");
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode access = mapper.createObjectNode().put("outcome", grant.path("outcome").asText())
                .put("expires", now + ACCESS_TOKEN_SECONDS);
        ObjectNode refresh = mapper.createObjectNode().put("outcome", grant.path("outcome").asText())
                .put("expires", now + REFRESH_TOKEN_SECONDS);
        ObjectNode tokens = mapper.createObjectNode()
                .put("access_token", seal(access, TOKEN_CONTEXT))
                .put("token_type", "bearer")
                .put("expires_in", ACCESS_TOKEN_SECONDS)
                .put("refresh_token", seal(refresh, REFRESH_CONTEXT))
                .put("refresh_token_expires_in", REFRESH_TOKEN_SECONDS)
                .put("scope", grant.path("scope").asText());
        return Html.noStore(Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE)).build();
    }

    private static Response oauthError(int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Html.noStore(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)).build();
    }

    private static String basicClientId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : URLDecoder.decode(decoded.substring(0, colon),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ------------------------------------------------------------ account API

    @GET
    @Path("api/accounts")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sandbox account listing", description = "The accounts the access token's user approved.")
    @APIResponse(responseCode = "200", description = "`{accounts: [...]}`")
    @APIResponse(responseCode = "401", description = "invalid_token")
    public Response accounts(@HeaderParam("Authorization") String authorization) {
        if (!config.enabled()) {
            return Response.status(404).build();
        }
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
        JsonNode grant = token == null ? null : unseal(token, TOKEN_CONTEXT);
        if (grant == null || grant.path("expires").asLong() < clock.instant().getEpochSecond()) {
            return oauthError(401, "invalid_token", "the access token is invalid or expired");
        }
        String outcome = grant.path("outcome").asText();
        List<Map<String, String>> accounts = new ArrayList<>();
        accounts.add(user(1, null));
        if (Set.of("approve_multiple", "partial").contains(outcome)) {
            accounts.add(user(2, outcome.equals("partial")
                    ? "the platform refused this account: it has no permission to publish"
                    : null));
        }
        return Response.ok(Map.of("accounts", accounts), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Map<String, String> user(int n, String refusal) {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("id", "sandbox-user-" + n);
        user.put("username", "sandbox_user_" + n);
        user.put("name", "Sandbox User " + n);
        user.put("avatar_url", tether.publicBaseUrl().replaceAll("/+$", "") + "/sandbox/avatars/sandbox-user-" + n + ".svg");
        if (refusal != null) {
            user.put("refused_reason", refusal);
        }
        return user;
    }

    @GET
    @Path("avatars/{user}.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "Sandbox profile photo")
    @APIResponse(responseCode = "200", description = "An SVG avatar")
    @APIResponse(responseCode = "404", description = "Unknown sandbox user")
    public Response avatar(@RestPath String user) {
        if (!config.enabled() || !user.matches("sandbox-user-[12]")) {
            return Response.status(404).build();
        }
        String color = user.endsWith("1") ? "#0969da" : "#8250df";
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\">"
                + "<circle cx=\"48\" cy=\"48\" r=\"48\" fill=\"" + color + "\"/>"
                + "<text x=\"48\" y=\"60\" font-size=\"36\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">S"
                + user.charAt(user.length() - 1) + "</text></svg>";
        return Response.ok(svg, "image/svg+xml").header("Cache-Control", "public, max-age=86400").build();
    }

    // ------------------------------------------------------------ demo app

    @GET
    @Path("demo-app/connected")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Demo app callback page", description = "Shows the parameters Tether redirected with; the demo "
            + "project's callback URL points here.")
    @APIResponse(responseCode = "200", description = "An HTML page listing the query parameters")
    public Response demoApp(@Context UriInfo uri) {
        if (!config.enabled()) {
            return Response.status(404).build();
        }
        StringBuilder body = new StringBuilder("<h1>Demo app: back from Tether</h1>"
                + "<p>Tether redirected the browser here with these parameters:</p><table>"
                + "<tr><th>Parameter</th><th>Value</th></tr>");
        String query = uri.getRequestUri().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) { // in the order Tether sent them
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            body.append("<tr><td>").append(Html.escape(name)).append("</td><td>").append(Html.escape(value))
                    .append("</td></tr>");
        }
        body.append("</table>");
        return Html.noStore(Response.ok(Html.page("Demo app", body.toString()), MediaType.TEXT_HTML_TYPE)).build();
    }

    // ------------------------------------------------------------ helpers

    private String seal(ObjectNode value, String context) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(box.encrypt(mapper.writeValueAsString(value), context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode unseal(String value, String context) {
        if (blank(value) || value.length() > 4096) {
            return null;
        }
        try {
            return mapper.readTree(box.decrypt(Base64.getUrlDecoder().decode(value), context));
        } catch (RuntimeException | JsonProcessingException e) {
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Response disabled() {
        return Html.response(404, "Not found", "<h1>Not found</h1><p>The sandbox platform is disabled.</p>");
    }
}
