package dev.tether.platform.x;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.common.ApiException;
import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.PlatformHttp;
import dev.tether.platform.oauth.Pkce;
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/** X with OAuth 2.0 and PKCE: one account per connection, the authenticated user. */
@ApplicationScoped
public class XPlatform implements Platform {

    public static final String NAME = "x";
    public static final String OAUTH2 = "oauth2";
    static final List<String> DEFAULT_SCOPES = List.of("tweet.read", "tweet.write", "users.read", "offline.access",
            "media.write");

    private final XConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public XPlatform(XConfig config, PlatformHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> variants() {
        return List.of(OAUTH2);
    }

    @Override
    public Optional<String> requestedVariant(JsonNode platformData) {
        JsonNode type = platformData.path("connection_type");
        if (type.isMissingNode() || type.isNull()) {
            return Optional.empty();
        }
        if (!type.isTextual() || !variants().contains(type.asText())) {
            throw ApiException.badRequest("platform_data.x.connection_type: must be one of " + String.join(", ", variants()));
        }
        return Optional.of(type.asText());
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return Scopes.resolve(NAME, DEFAULT_SCOPES, List.of(), permissions, platformData);
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
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

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
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
                .flatMap(tokens -> http.getOk("profile lookup",
                        config.usersMeUrl() + "?user.fields=profile_image_url,verified_type",
                        PlatformHttp.bearer(tokens.accessToken()))
                        .map(body -> List.of(account(body, tokens))));
    }

    private static PlatformAccount account(JsonNode body, Tokens tokens) {
        JsonNode user = body.path("data");
        String id = OAuth2Tokens.text(user, "id");
        if (id == null) {
            throw new PlatformException("profile lookup failed: X returned no user id");
        }
        String verifiedType = OAuth2Tokens.text(user, "verified_type");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", OAUTH2);
        metadata.put("verified_type", verifiedType);
        metadata.put("has_platform_premium", verifiedType != null && !"none".equals(verifiedType));
        return PlatformAccount.connected(id, OAuth2Tokens.text(user, "username"),
                OAuth2Tokens.text(user, "profile_image_url"), tokens, metadata);
    }
}
