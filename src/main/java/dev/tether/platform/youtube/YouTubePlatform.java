package dev.tether.platform.youtube;

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
 * YouTube through Google's OAuth 2.0 (offline access, PKCE): one account per channel of the Google account
 * that signed in, all sharing that sign-in's tokens.
 */
@ApplicationScoped
public class YouTubePlatform implements Platform {

    public static final String NAME = "youtube";
    static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/";
    static final List<String> DEFAULT_SCOPES = List.of(SCOPE_PREFIX + "youtube.force-ssl",
            SCOPE_PREFIX + "youtube.upload", SCOPE_PREFIX + "youtube.readonly", SCOPE_PREFIX + "userinfo.profile");
    static final List<String> FEEDS_SCOPES = List.of(SCOPE_PREFIX + "yt-analytics.readonly");
    /** Google's scopes that are not URLs. */
    private static final Set<String> PLAIN_SCOPES = Set.of("openid", "email", "profile");
    static final String LISTING_STEP = "channel listing";
    static final String NO_CHANNEL = "this Google account has no YouTube channel; create one on YouTube, then connect again";
    private static final int PAGE_SIZE = 50;
    private static final int MAX_PAGES = 20;

    private final YouTubeConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public YouTubePlatform(YouTubeConfig config, PlatformHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The defaults (and {@code yt-analytics.readonly} for {@code feeds}). Overrides may use Google's full scope
     * URLs or the short names of the hosted API's documentation ({@code youtube.upload}), which get Google's
     * prefix.
     */
    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return Scopes.resolve(NAME, DEFAULT_SCOPES, FEEDS_SCOPES, permissions, platformData).stream()
                .map(scope -> scope.contains("://") || PLAIN_SCOPES.contains(scope) ? scope : SCOPE_PREFIX + scope)
                .distinct()
                .toList();
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", request.credentials().clientId());
        query.put("redirect_uri", request.redirectUri());
        query.put("response_type", "code");
        query.put("scope", String.join(" ", request.scopes()));
        query.put("access_type", "offline");
        query.put("prompt", "consent");
        query.put("include_granted_scopes", "true");
        query.put("state", request.state());
        query.put("code_challenge", request.codeChallenge());
        query.put("code_challenge_method", Pkce.METHOD);
        return Uni.createFrom().item(AuthorizationLink.of(Urls.withQuery(config.authorizeUrl(), query)));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        String code = request.params().first("code")
                .orElseThrow(() -> new PlatformException("Google sent no authorization code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("client_id", request.credentials().clientId());
        form.put("client_secret", request.credentials().clientSecret());
        form.put("redirect_uri", request.redirectUri());
        form.put("grant_type", "authorization_code");
        form.put("code_verifier", request.codeVerifier());
        return http.postForm(OAuth2Tokens.STEP, config.tokenUrl(), form, Map.of())
                .map(response -> OAuth2Tokens.parse(OAuth2Tokens.requireTokenResponse(response), clock))
                .flatMap(tokens -> channels(tokens, null, new ArrayList<>(), 0)
                        .map(channels -> accounts(channels, tokens)));
    }

    /** Every page of the signed-in user's channels, following {@code nextPageToken}. */
    private Uni<List<JsonNode>> channels(Tokens tokens, String pageToken, List<JsonNode> collected, int page) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("part", "snippet");
        query.put("mine", "true");
        query.put("maxResults", Integer.toString(PAGE_SIZE));
        query.put("pageToken", pageToken);
        return http.getOk(LISTING_STEP, Urls.withQuery(config.channelsUrl(), query),
                PlatformHttp.bearer(tokens.accessToken()))
                .flatMap(body -> {
                    body.path("items").forEach(collected::add);
                    String next = OAuth2Tokens.text(body, "nextPageToken");
                    if (next == null || next.equals(pageToken) || page + 1 >= MAX_PAGES) {
                        return Uni.createFrom().item(collected);
                    }
                    return channels(tokens, next, collected, page + 1);
                });
    }

    private static List<PlatformAccount> accounts(List<JsonNode> channels, Tokens tokens) {
        List<PlatformAccount> accounts = new ArrayList<>();
        for (JsonNode channel : channels) {
            String id = OAuth2Tokens.text(channel, "id");
            if (id == null) {
                continue;
            }
            JsonNode snippet = channel.path("snippet");
            String customUrl = OAuth2Tokens.text(snippet, "customUrl");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("custom_url", customUrl);
            metadata.put("profile_url", customUrl != null
                    ? "https://www.youtube.com/" + Urls.encode(customUrl).replace("%40", "@")
                    : "https://www.youtube.com/channel/" + Urls.encode(id));
            accounts.add(PlatformAccount.connected(id, OAuth2Tokens.text(snippet, "title"), thumbnail(snippet), tokens,
                    metadata));
        }
        if (accounts.isEmpty()) {
            throw new PlatformException(NO_CHANNEL);
        }
        return accounts;
    }

    /** The largest of the channel's thumbnails. */
    private static String thumbnail(JsonNode snippet) {
        JsonNode thumbnails = snippet.path("thumbnails");
        for (String size : List.of("high", "medium", "default")) {
            String url = OAuth2Tokens.text(thumbnails.path(size), "url");
            if (url != null) {
                return url;
            }
        }
        return null;
    }
}
