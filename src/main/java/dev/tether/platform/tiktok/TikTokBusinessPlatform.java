package dev.tether.platform.tiktok;

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
import dev.tether.platform.oauth.PlatformResponse;
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * A TikTok business account through TikTok API for Business: the Login Kit consent page, then the business
 * API's token endpoint and {@code business/get}. Every business API answer is wrapped in
 * {@code {code, message, data}}, where a non-zero {@code code} is a failure even with HTTP 200.
 * The username is the {@code @handle} first, then the display name.
 */
@ApplicationScoped
public class TikTokBusinessPlatform implements Platform {

    public static final String NAME = "tiktok_business";
    static final List<String> DEFAULT_SCOPES = List.of("user.info.basic", "user.info.username", "user.info.stats",
            "user.info.profile", "user.account.type", "user.insights", "video.list", "video.insights",
            "comment.list", "comment.list.manage", "video.publish", "video.upload", "biz.spark.auth",
            "discovery.search.words");
    static final String PROFILE_FIELDS = "[\"username\",\"display_name\",\"profile_image\"]";
    static final String PROFILE_STEP = "profile lookup";

    private final TikTokBusinessConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public TikTokBusinessPlatform(TikTokBusinessConfig config, PlatformHttp http, Clock clock) {
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
        String code = request.params().first("code").or(() -> request.params().first("auth_code"))
                .orElseThrow(() -> new PlatformException("TikTok sent no authorization code"));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("client_id", request.credentials().clientId());
        body.put("client_secret", request.credentials().clientSecret());
        body.put("auth_code", code);
        body.put("grant_type", "authorization_code");
        body.put("redirect_uri", request.redirectUri());
        return http.postJson(OAuth2Tokens.STEP, config.tokenUrl(), body, Map.of())
                .map(response -> data(OAuth2Tokens.STEP, response))
                .flatMap(data -> {
                    Tokens tokens = OAuth2Tokens.parse(data, clock);
                    String openId = OAuth2Tokens.text(data, "open_id");
                    if (openId == null) {
                        throw new PlatformException("TikTok returned no open_id for this authorization, so no"
                                + " account was connected");
                    }
                    Map<String, String> query = new LinkedHashMap<>();
                    query.put("business_id", openId);
                    query.put("fields", PROFILE_FIELDS);
                    return http.get(PROFILE_STEP, Urls.withQuery(config.businessGetUrl(), query),
                            Map.of("Access-Token", tokens.accessToken()))
                            .map(response -> List.of(account(openId, data(PROFILE_STEP, response), tokens)));
                });
    }

    /** The {@code data} of a business API answer; a non-2xx status or a non-zero {@code code} fails cleanly. */
    static JsonNode data(String step, PlatformResponse response) {
        JsonNode code = response.body().path("code");
        if (response.ok() && code.canConvertToLong() && code.asLong() == 0) {
            return response.body().path("data");
        }
        String detail = PlatformHttp.describeError(response);
        if (code.canConvertToLong() && code.asLong() != 0) {
            detail = detail + " (TikTok error " + code.asLong() + ")";
        }
        throw new PlatformException(step + " failed: " + detail);
    }

    private static PlatformAccount account(String openId, JsonNode profile, Tokens tokens) {
        String username = OAuth2Tokens.text(profile, "username");
        if (username == null) {
            username = OAuth2Tokens.text(profile, "display_name");
        }
        if (username == null) {
            throw new PlatformException("TikTok returned no business account profile for this authorization, so no"
                    + " account was connected");
        }
        return PlatformAccount.connected(openId, username, OAuth2Tokens.text(profile, "profile_image"), tokens,
                Map.of());
    }
}
