package dev.tether.platform.pinterest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

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
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * Pinterest API v5: one account per connection, the user who consented. The token request asks for a
 * continuous refresh token (a new refresh token with every refresh), which Pinterest documents for apps
 * created before it became the default.
 */
@ApplicationScoped
public class PinterestPlatform implements Platform {

    public static final String NAME = "pinterest";
    static final List<String> DEFAULT_SCOPES = List.of("boards:read", "boards:write", "pins:read", "pins:write",
            "user_accounts:read");

    private final PinterestConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public PinterestPlatform(PinterestConfig config, PlatformHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return Scopes.resolve(NAME, DEFAULT_SCOPES, List.of(), permissions, platformData);
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", request.credentials().clientId());
        query.put("redirect_uri", request.redirectUri());
        query.put("response_type", "code");
        query.put("scope", String.join(",", request.scopes()));
        query.put("state", request.state());
        return Uni.createFrom().item(AuthorizationLink.of(Urls.withQuery(config.authorizeUrl(), query)));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        String code = request.params().first("code")
                .orElseThrow(() -> new PlatformException("Pinterest sent no authorization code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", request.redirectUri());
        form.put("continuous_refresh", "true");
        return http.postForm(OAuth2Tokens.STEP, config.tokenUrl(), form, PlatformHttp.basic(request.credentials()))
                .map(response -> OAuth2Tokens.parse(OAuth2Tokens.requireTokenResponse(response), clock))
                .flatMap(tokens -> http.getOk("profile lookup", config.userAccountUrl(),
                        PlatformHttp.bearer(tokens.accessToken()))
                        .map(body -> List.of(account(body, tokens))));
    }

    private static PlatformAccount account(JsonNode body, Tokens tokens) {
        String username = OAuth2Tokens.text(body, "username");
        String id = OAuth2Tokens.text(body, "id");
        if (id == null) {
            id = username;
        }
        if (id == null) {
            throw new PlatformException("Pinterest returned no user account for this authorization, so no account"
                    + " was connected");
        }
        return PlatformAccount.connected(id, username, OAuth2Tokens.text(body, "profile_image"), tokens, Map.of());
    }
}
