package dev.tether.platform.sandbox;

import java.time.Clock;
import java.util.ArrayList;
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
import dev.tether.platform.oauth.Pkce;
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * The sandbox as a platform: an OAuth 2.0 authorization-code flow with PKCE against Tether's own sandbox
 * endpoints ({@link SandboxResource}), reached over HTTP like any other platform.
 */
@ApplicationScoped
public class SandboxPlatform implements Platform {

    public static final String NAME = "sandbox";
    static final List<String> DEFAULT_SCOPES = List.of("profile", "publish");
    static final List<String> FEEDS_SCOPES = List.of("insights");

    private final SandboxConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public SandboxPlatform(SandboxConfig config, PlatformHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return Scopes.resolve(NAME, DEFAULT_SCOPES, FEEDS_SCOPES, permissions, platformData);
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
                .orElseThrow(() -> new PlatformException("the platform sent no authorization code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", request.redirectUri());
        form.put("code_verifier", request.codeVerifier());
        form.put("client_id", request.credentials().clientId());
        return http.postForm(OAuth2Tokens.STEP, config.tokenUrl(), form, PlatformHttp.basic(request.credentials()))
                .map(response -> OAuth2Tokens.parse(OAuth2Tokens.requireTokenResponse(response), clock))
                .flatMap(tokens -> http.getOk("account listing", config.accountsUrl(),
                        PlatformHttp.bearer(tokens.accessToken()))
                        .map(body -> accounts(body, tokens)));
    }

    private static List<PlatformAccount> accounts(JsonNode body, Tokens tokens) {
        List<PlatformAccount> accounts = new ArrayList<>();
        for (JsonNode account : body.path("accounts")) {
            String id = OAuth2Tokens.text(account, "id");
            if (id == null) {
                continue;
            }
            String username = OAuth2Tokens.text(account, "username");
            String avatar = OAuth2Tokens.text(account, "avatar_url");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("display_name", OAuth2Tokens.text(account, "name"));
            String refusal = OAuth2Tokens.text(account, "refused_reason");
            accounts.add(refusal == null
                    ? PlatformAccount.connected(id, username, avatar, tokens, metadata)
                    : PlatformAccount.refused(id, username, avatar, username + ": " + refusal, metadata));
        }
        if (accounts.isEmpty()) {
            throw new PlatformException("the sandbox returned no accounts for this user");
        }
        return accounts;
    }
}
