package dev.tether.platform.bluesky;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.PlatformHttp;
import dev.tether.platform.oauth.PlatformResponse;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * Bluesky signs in with a handle and an app password, not OAuth, and needs no app credentials. The link is
 * Tether's own callback URL with the attempt's {@code state}: opening it creates a session on the configured
 * PDS and reads the profile. The app password travels encrypted on the attempt (purged when it completes) and
 * is kept encrypted on the account, for signing in again; it is never returned, logged or put in an error.
 */
@ApplicationScoped
public class BlueskyPlatform implements Platform {

    public static final String NAME = "bluesky";
    static final String SIGN_IN_STEP = "sign-in";
    static final String PROFILE_STEP = "profile lookup";

    private final BlueskyConfig config;
    private final PlatformHttp http;
    private final ObjectMapper mapper;

    public BlueskyPlatform(BlueskyConfig config, PlatformHttp http, ObjectMapper mapper) {
        this.config = config;
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresCredentials() {
        return false;
    }

    /** Bluesky has no scopes: an app password grants what the account can do, minus direct messages. */
    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return List.of();
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        BlueskyLogin login = BlueskyLogin.fromRequest(request.platformData());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("handle", login.handle()); // informational, as in the hosted API; the callback reads the attempt
        query.put("state", request.state());
        return Uni.createFrom().item(new AuthorizationLink(Urls.withQuery(request.redirectUri(), query),
                Optional.empty(), Optional.of(login.toJson(mapper))));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        BlueskyLogin login = BlueskyLogin.fromSecret(request.platformSecret(), mapper);
        String pds = config.pdsUrl().replaceAll("/+$", "");
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("identifier", login.handle());
        credentials.put("password", login.appPassword());
        return http.postJson(SIGN_IN_STEP, pds + "/xrpc/com.atproto.server.createSession", credentials, Map.of())
                .map(response -> session(response, login))
                .flatMap(session -> http.get(PROFILE_STEP,
                        Urls.withQuery(pds + "/xrpc/app.bsky.actor.getProfile", Map.of("actor", session.path("did").asText())),
                        PlatformHttp.bearer(session.path("accessJwt").asText()))
                        .map(response -> List.of(account(session, profile(response, login), login))));
    }

    /** The session of a successful sign-in; a refusal becomes a message the user can act on. */
    private static JsonNode session(PlatformResponse response, BlueskyLogin login) {
        JsonNode body = response.body();
        if (!response.ok()) {
            String error = body.path("error").asText("");
            String reason = switch (error) {
                case "AuthenticationRequired" -> "the handle or app password is not valid";
                case "AuthFactorTokenRequired" ->
                        "the account asks for an email sign-in code; use an app password, not the account password";
                case "AccountTakedown" -> "the account has been taken down";
                case "RateLimitExceeded" -> "too many sign-in attempts; try again later";
                default -> response.status() == 401 ? "the handle or app password is not valid"
                        : response.status() == 429 ? "too many sign-in attempts; try again later"
                        : describe(response, login);
            };
            throw new PlatformException(SIGN_IN_STEP + " failed: " + reason);
        }
        if (OAuth2Tokens.text(body, "did") == null || OAuth2Tokens.text(body, "accessJwt") == null) {
            throw new PlatformException(SIGN_IN_STEP + " failed: the server returned no session");
        }
        return body;
    }

    private static JsonNode profile(PlatformResponse response, BlueskyLogin login) {
        if (!response.ok()) {
            throw new PlatformException(PROFILE_STEP + " failed: " + describe(response, login));
        }
        JsonNode body = response.body();
        if (!body.isObject() || OAuth2Tokens.text(body, "did") == null) {
            throw new PlatformException("Bluesky returned no profile for this account, so no account was connected");
        }
        return body;
    }

    private PlatformAccount account(JsonNode session, JsonNode profile, BlueskyLogin login) {
        String access = OAuth2Tokens.text(session, "accessJwt");
        String refresh = OAuth2Tokens.text(session, "refreshJwt");
        Tokens tokens = new Tokens(access, refresh, JwtExpiry.of(access, mapper), JwtExpiry.of(refresh, mapper));
        String handle = OAuth2Tokens.text(profile, "handle");
        if (handle == null) {
            handle = OAuth2Tokens.text(session, "handle");
        }
        return PlatformAccount.connected(OAuth2Tokens.text(session, "did"), handle != null ? handle : login.handle(),
                OAuth2Tokens.text(profile, "avatar"), tokens, Map.of())
                .withAppPassword(login.appPassword());
    }

    /** An XRPC error ({@code {error, message}}) in the server's words, never echoing the app password. */
    private static String describe(PlatformResponse response, BlueskyLogin login) {
        JsonNode body = response.body();
        String error = body.path("error").asText("");
        String message = body.path("message").asText("");
        String detail;
        if (!error.isBlank() && !message.isBlank()) {
            detail = PlatformErrors.code(error) + ": " + PlatformErrors.clean(message);
        } else if (!error.isBlank()) {
            detail = PlatformErrors.code(error);
        } else if (!message.isBlank()) {
            detail = PlatformErrors.clean(message);
        } else {
            return PlatformHttp.describeError(response);
        }
        return PlatformErrors.redact(detail + " (HTTP " + response.status() + ")", List.of(login.appPassword()));
    }
}
