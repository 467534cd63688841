package dev.tether.platform.threads;

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
import dev.tether.platform.facebook.MetaGraph;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Threads: one account per connection, the user who signed in, with a long-lived (about 60 days) token.
 * <p>
 * Threads issues no refresh token: a long-lived token is refreshed by presenting the token itself
 * ({@code GET refresh_access_token?grant_type=th_refresh_token}). The account therefore has no refresh token
 * and no refresh expiry, rather than a second copy of the access token.
 */
@ApplicationScoped
public class ThreadsPlatform implements Platform {

    public static final String NAME = "threads";
    static final List<String> DEFAULT_SCOPES = List.of("threads_basic", "threads_content_publish");
    static final List<String> FEEDS_SCOPES = List.of("threads_manage_insights");
    static final String PROFILE_FIELDS = "id,username,name,threads_profile_picture_url";

    private final ThreadsConfig config;
    private final MetaGraph graph;

    public ThreadsPlatform(ThreadsConfig config, MetaGraph graph) {
        this.config = config;
        this.graph = graph;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return Scopes.resolve(NAME, DEFAULT_SCOPES, FEEDS_SCOPES, permissions, platformData);
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        return Uni.createFrom().item(MetaGraph.authorizationLink(config.authorizeUrl(), request));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        return graph.loginWithProfile("Threads", config.tokenUrl(), config.exchangeUrl(), "th_exchange_token",
                config.profileUrl(), PROFILE_FIELDS, request)
                .map(login -> List.of(account(login.grant(), login.token(), login.profile())));
    }

    private static PlatformAccount account(JsonNode grant, MetaGraph.UserToken token, JsonNode profile) {
        // The token response names the user the grant is for; the profile's id is the same user.
        String userId = OAuth2Tokens.text(grant, "user_id");
        if (userId == null) {
            userId = OAuth2Tokens.text(profile, "id");
        }
        if (userId == null) {
            throw new PlatformException("profile lookup failed: Threads returned no user id");
        }
        String username = OAuth2Tokens.text(profile, "username");
        if (username == null) {
            username = OAuth2Tokens.text(profile, "name");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("display_name", OAuth2Tokens.text(profile, "name"));
        return PlatformAccount.connected(userId, username != null ? username : userId,
                OAuth2Tokens.text(profile, "threads_profile_picture_url"),
                new Tokens(token.accessToken(), null, token.expiresAt(), null), metadata);
    }
}
