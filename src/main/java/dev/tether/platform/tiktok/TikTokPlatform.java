package dev.tether.platform.tiktok;

import java.time.Clock;
import java.util.Arrays;
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
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.PlatformHttp;
import dev.tether.platform.oauth.PlatformResponse;
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * TikTok through Login Kit for Web: one account per connection, the user who consented.
 * <p>
 * The username is the {@code @handle} when the user granted {@code user.info.profile} (TikTok returns the
 * handle only with that scope), otherwise the display name, as the hosted API stores it.
 */
@ApplicationScoped
public class TikTokPlatform implements Platform {

    public static final String NAME = "tiktok";
    static final List<String> DEFAULT_SCOPES = List.of("user.info.basic", "video.list", "video.upload",
            "video.publish");
    /** The scope without which {@code user/info} refuses the {@code username} field. */
    static final String PROFILE_SCOPE = "user.info.profile";
    static final String BASIC_FIELDS = "open_id,union_id,avatar_url,display_name";
    static final String PROFILE_STEP = "profile lookup";

    private final TikTokConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public TikTokPlatform(TikTokConfig config, PlatformHttp http, Clock clock) {
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
        return Uni.createFrom().item(AuthorizationLink.of(TikTokAuthorization.url(config.authorizeUrl(), request)));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        String code = request.params().first("code")
                .orElseThrow(() -> new PlatformException("TikTok sent no authorization code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_key", request.credentials().clientId());
        form.put("client_secret", request.credentials().clientSecret());
        form.put("code", code);
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", request.redirectUri());
        // TikTok can answer HTTP 200 with an error body; requireTokenResponse checks the body too.
        return http.postForm(OAuth2Tokens.STEP, config.tokenUrl(), form, Map.of())
                .map(OAuth2Tokens::requireTokenResponse)
                .flatMap(body -> {
                    Tokens tokens = OAuth2Tokens.parse(body, clock);
                    String fields = grantedScopes(body).contains(PROFILE_SCOPE) ? BASIC_FIELDS + ",username"
                            : BASIC_FIELDS;
                    return http.get(PROFILE_STEP, Urls.withQuery(config.userInfoUrl(), Map.of("fields", fields)),
                            PlatformHttp.bearer(tokens.accessToken()))
                            .map(response -> List.of(account(user(response), OAuth2Tokens.text(body, "open_id"),
                                    tokens)));
                });
    }

    /** The scopes the user agreed to: TikTok's token response lists them comma-separated. */
    static List<String> grantedScopes(JsonNode tokenResponse) {
        String scope = OAuth2Tokens.text(tokenResponse, "scope");
        return scope == null ? List.of() : Arrays.stream(scope.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The {@code data.user} object of a Display API answer. TikTok reports failures in an {@code error} object
     * whose {@code code} is {@code ok} on success, whatever the HTTP status.
     */
    static JsonNode user(PlatformResponse response) {
        JsonNode error = response.body().path("error");
        String code = error.path("code").asText("");
        if (!response.ok() || (!code.isEmpty() && !"ok".equals(code))) {
            String message = error.path("message").asText("");
            String detail = code.isEmpty() || message.isBlank()
                    ? PlatformHttp.describeError(response)
                    : PlatformErrors.code(code) + ": " + PlatformErrors.clean(message);
            throw new PlatformException(PROFILE_STEP + " failed: " + detail);
        }
        JsonNode user = response.body().path("data").path("user");
        if (!user.isObject() || user.isEmpty()) {
            throw new PlatformException("TikTok returned no user profile for this authorization, so no account"
                    + " was connected");
        }
        return user;
    }

    private static PlatformAccount account(JsonNode user, String tokenOpenId, Tokens tokens) {
        String openId = OAuth2Tokens.text(user, "open_id");
        if (openId == null) {
            openId = tokenOpenId;
        }
        if (openId == null) {
            throw new PlatformException("TikTok returned no open_id for this user, so no account was connected");
        }
        String username = OAuth2Tokens.text(user, "username");
        if (username == null) {
            username = OAuth2Tokens.text(user, "display_name");
        }
        return PlatformAccount.connected(openId, username != null ? username : openId,
                OAuth2Tokens.text(user, "avatar_url"), tokens, Map.of());
    }
}
