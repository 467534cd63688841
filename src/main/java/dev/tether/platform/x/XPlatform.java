package dev.tether.platform.x;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.common.SecretBox;
import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackParams;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.Credentials;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformData;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.oauth.OAuth1Signer;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.PlatformHttp;
import dev.tether.platform.oauth.PlatformResponse;
import dev.tether.platform.oauth.Pkce;
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * X, one account per connection (the authenticated user), with two kinds of app credentials:
 * <ul>
 * <li>{@code oauth2} (the default): OAuth 2.0 with PKCE and {@code state}.</li>
 * <li>{@code oauth1}: OAuth 1.0a. The link is made by asking X for a request token, so X's
 * {@code oauth_token} (not a {@code state}) identifies the attempt when the user comes back; a denial comes
 * back as {@code ?denied=<token>}. The account's access token is the OAuth 1.0a token and its refresh token
 * is the token secret (as the hosted API stores it); both are encrypted at rest and never expire.</li>
 * </ul>
 */
@ApplicationScoped
public class XPlatform implements Platform {

    public static final String NAME = "x";
    public static final String OAUTH2 = "oauth2";
    public static final String OAUTH1 = "oauth1";
    static final List<String> DEFAULT_SCOPES = List.of("tweet.read", "tweet.write", "users.read", "offline.access",
            "media.write");
    static final String CANCELLED = "access_denied: the user cancelled the authorization";
    static final String REQUEST_TOKEN_STEP = "request token";
    static final String ACCESS_TOKEN_STEP = "access token exchange";
    static final String PROFILE_STEP = "profile lookup";
    private static final String USER_FIELDS = "?user.fields=profile_image_url,verified_type";
    private static final int NONCE_BYTES = 24;

    private final XConfig config;
    private final PlatformHttp http;
    private final Clock clock;
    private final SecretBox box;

    public XPlatform(XConfig config, PlatformHttp http, Clock clock, SecretBox box) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.box = box;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** OAuth 2.0 first: credentials stored without a variant are OAuth 2.0 credentials. */
    @Override
    public List<String> variants() {
        return List.of(OAUTH2, OAUTH1);
    }

    @Override
    public Optional<String> requestedVariant(JsonNode platformData) {
        return PlatformData.connectionType(NAME, platformData, variants());
    }

    /** OAuth 2.0 scopes; OAuth 1.0a has none (the app's permission level applies). */
    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        if (OAUTH1.equals(variant)) {
            return List.of();
        }
        return Scopes.resolve(NAME, DEFAULT_SCOPES, List.of(), permissions, platformData);
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        if (OAUTH1.equals(request.variant())) {
            return requestToken(request);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", request.credentials().clientId());
        query.put("redirect_uri", request.redirectUri());
        query.put("scope", String.join(" ", request.scopes()));
        query.put("state", request.state());
        query.put("code_challenge", request.codeChallenge());
        query.put("code_challenge_method", Pkce.METHOD);
        return Uni.createFrom().item(AuthorizationLink.of(Urls.withQuery(config.authorizeUrl(), query)));
    }

    /** OAuth 2.0 sends {@code state}; OAuth 1.0a sends {@code oauth_token}, or only {@code denied} on a denial. */
    @Override
    public Optional<String> attemptKey(CallbackParams params) {
        return params.first("state").or(() -> params.first("oauth_token")).or(() -> params.first("denied"));
    }

    @Override
    public Optional<String> redirectError(CallbackParams params) {
        if (params.first("denied").isPresent()) {
            return Optional.of(CANCELLED);
        }
        return params.oauthError();
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        return OAUTH1.equals(request.variant()) ? connectOAuth1(request) : connectOAuth2(request);
    }

    // ---------------------------------------------------------------- OAuth 2.0

    private Uni<List<PlatformAccount>> connectOAuth2(CallbackRequest request) {
        String code = request.params().first("code")
                .orElseThrow(() -> new PlatformException("X sent no authorization code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", request.redirectUri());
        form.put("code_verifier", request.codeVerifier());
        form.put("client_id", request.credentials().clientId());
        return http.postForm(OAuth2Tokens.STEP, config.tokenUrl(), form, PlatformHttp.basic(request.credentials()))
                .map(response -> OAuth2Tokens.parse(OAuth2Tokens.requireTokenResponse(response), clock))
                .flatMap(tokens -> http.getOk(PROFILE_STEP, config.usersMeUrl() + USER_FIELDS,
                        PlatformHttp.bearer(tokens.accessToken()))
                        .map(body -> List.of(account(body, null, tokens, OAUTH2))));
    }

    // ---------------------------------------------------------------- OAuth 1.0a

    /** Asks X for a request token whose callback is the attempt's redirect URI, and links to its consent page. */
    private Uni<AuthorizationLink> requestToken(LinkRequest request) {
        String url = config.requestTokenUrl();
        String authorization = sign(new OAuth1Signer.Request("POST", url,
                Map.of("oauth_callback", request.redirectUri()), Map.of()), request.credentials(), null);
        return http.postForm(REQUEST_TOKEN_STEP, url, Map.of(), Map.of("Authorization", authorization))
                .map(response -> {
                    Map<String, String> fields = tokenFields(REQUEST_TOKEN_STEP, response);
                    String token = fields.get("oauth_token");
                    String secret = fields.get("oauth_token_secret");
                    if (token == null || token.isEmpty() || secret == null || secret.isEmpty()) {
                        throw new PlatformException(REQUEST_TOKEN_STEP + " failed: X returned no request token");
                    }
                    if (!"true".equals(fields.get("oauth_callback_confirmed"))) {
                        throw new PlatformException(REQUEST_TOKEN_STEP + " failed: X did not confirm the callback URL");
                    }
                    String link = Urls.withQuery(config.oauth1AuthorizeUrl(), Map.of("oauth_token", token));
                    return new AuthorizationLink(link, Optional.of(token), Optional.of(secret));
                });
    }

    private Uni<List<PlatformAccount>> connectOAuth1(CallbackRequest request) {
        String requestToken = request.params().first("oauth_token")
                .orElseThrow(() -> new PlatformException("X sent no oauth_token"));
        String verifier = request.params().first("oauth_verifier")
                .orElseThrow(() -> new PlatformException("X sent no oauth_verifier"));
        if (request.platformSecret() == null) {
            throw new PlatformException("the request token secret of this link is gone; create a new link");
        }
        Map<String, String> protocol = new LinkedHashMap<>();
        protocol.put("oauth_token", requestToken);
        protocol.put("oauth_verifier", verifier);
        String url = config.accessTokenUrl();
        String authorization = sign(new OAuth1Signer.Request("POST", url, protocol, Map.of()),
                request.credentials(), request.platformSecret());
        return http.postForm(ACCESS_TOKEN_STEP, url, Map.of(), Map.of("Authorization", authorization))
                .map(response -> tokenFields(ACCESS_TOKEN_STEP, response))
                .flatMap(fields -> {
                    String token = fields.get("oauth_token");
                    String secret = fields.get("oauth_token_secret");
                    if (token == null || token.isEmpty() || secret == null || secret.isEmpty()) {
                        throw new PlatformException(ACCESS_TOKEN_STEP + " failed: X returned no access token");
                    }
                    String profileUrl = config.usersMeUrl() + USER_FIELDS;
                    String profileAuthorization = sign(new OAuth1Signer.Request("GET", profileUrl,
                            Map.of("oauth_token", token), Map.of()), request.credentials(), secret);
                    Tokens tokens = new Tokens(token, secret, null, null);
                    return http.getOk(PROFILE_STEP, profileUrl, Map.of("Authorization", profileAuthorization))
                            .map(body -> List.of(account(body, fields.get("user_id"), tokens, OAUTH1)));
                });
    }

    private String sign(OAuth1Signer.Request request, Credentials credentials, String tokenSecret) {
        return OAuth1Signer.authorization(request, credentials, tokenSecret, box.randomToken(NONCE_BYTES),
                clock.instant().getEpochSecond());
    }

    /** The fields of a form-encoded OAuth 1.0a token response; a refusal becomes a clean failure. */
    private static Map<String, String> tokenFields(String step, PlatformResponse response) {
        if (!response.ok()) {
            JsonNode first = response.body().path("errors").path(0);
            String detail = first.path("message").isTextual()
                    ? PlatformErrors.clean(first.path("message").asText()) + " (HTTP " + response.status() + ")"
                    : PlatformHttp.describeError(response);
            throw new PlatformException(step + " failed: " + detail);
        }
        return OAuth1Signer.formFields(response.text());
    }

    // ---------------------------------------------------------------- both

    private static PlatformAccount account(JsonNode body, String fallbackId, Tokens tokens, String variant) {
        JsonNode user = body.path("data");
        String id = OAuth2Tokens.text(user, "id");
        if (id == null) {
            id = fallbackId;
        }
        if (id == null) {
            throw new PlatformException(PROFILE_STEP + " failed: X returned no user id");
        }
        String verifiedType = OAuth2Tokens.text(user, "verified_type");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", variant);
        metadata.put("verified_type", verifiedType);
        metadata.put("has_platform_premium", verifiedType != null && !"none".equals(verifiedType));
        return PlatformAccount.connected(id, OAuth2Tokens.text(user, "username"),
                OAuth2Tokens.text(user, "profile_image_url"), tokens, metadata);
    }
}
