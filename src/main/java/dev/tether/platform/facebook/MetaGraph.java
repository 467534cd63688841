package dev.tether.platform.facebook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.Credentials;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.PlatformHttp;
import dev.tether.platform.oauth.PlatformResponse;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * What Meta's APIs (Facebook, Instagram, Threads) have in common: the code exchange, the exchange of a
 * short-lived user token for a long-lived one, listings paged through {@code paging.next}, and the Graph
 * error shape {@code {"error":{"message","type","code"}}} (or Instagram's {@code error_message}).
 * Composed into each Meta platform; every URL comes from that platform's configuration.
 */
@ApplicationScoped
public class MetaGraph {

    private static final Logger LOG = Logger.getLogger(MetaGraph.class);

    public static final String LONG_LIVED_STEP = "long-lived token exchange";
    public static final String PAGE_LISTING_STEP = "Facebook Page listing";
    /** Meta documents long-lived user tokens as lasting about 60 days; used when a response has no expires_in. */
    static final Duration LONG_LIVED_LIFETIME = Duration.ofDays(60);
    /** At most this many pages of a listing are read (100 items each), whatever {@code paging.next} says. */
    static final int MAX_PAGES = 50;

    /** A user access token with its absolute expiry. */
    public record UserToken(String accessToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "UserToken[expiresAt=" + expiresAt + "]";
        }
    }

    /** What a Facebook Login yields: the long-lived user token and every Page listed by {@code /me/accounts}. */
    public record PageListing(UserToken userToken, List<JsonNode> pages) {

        @Override
        public String toString() {
            return "PageListing[pages=" + pages.size() + "]";
        }
    }

    private final PlatformHttp http;
    private final Clock clock;

    public MetaGraph(PlatformHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * The consent link every Meta login uses: {@code client_id}, {@code redirect_uri}, comma-separated
     * {@code scope}, {@code response_type=code} and {@code state} (no PKCE).
     */
    public static AuthorizationLink authorizationLink(String authorizeUrl, LinkRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", request.credentials().clientId());
        query.put("redirect_uri", request.redirectUri());
        query.put("scope", String.join(",", request.scopes()));
        query.put("response_type", "code");
        query.put("state", request.state());
        return AuthorizationLink.of(Urls.withQuery(authorizeUrl, query));
    }

    /** The {@code code} of the platform's redirect; its absence is a clean failure naming the platform. */
    private static String code(CallbackRequest request, String platformLabel) {
        return request.params().first("code")
                .orElseThrow(() -> new PlatformException(platformLabel + " sent no authorization code"));
    }

    /**
     * Facebook Login to the end: the code for a user token, that for a long-lived one, then the user's Pages
     * with the given fields, 100 a page.
     */
    public Uni<PageListing> facebookLogin(String tokenUrl, String accountsUrl, String fields, CallbackRequest request) {
        String code = code(request, "Facebook");
        Map<String, String> query = new LinkedHashMap<>();
        query.put("fields", fields);
        query.put("limit", "100");
        return exchangeCodeByGet(tokenUrl, request.credentials(), request.redirectUri(), code)
                .flatMap(shortLived -> exchangeFacebookLongLived(tokenUrl, request.credentials(), shortLived))
                .flatMap(userToken -> list(PAGE_LISTING_STEP, accountsUrl, query, userToken.accessToken())
                        .map(pages -> new PageListing(userToken, pages)));
    }

    /** What Instagram Login and Threads yield: the code exchange's answer, the long-lived token, the profile. */
    public record ProfileLogin(JsonNode grant, UserToken token, JsonNode profile) {

        @Override
        public String toString() {
            return "ProfileLogin[" + token + "]";
        }
    }

    /**
     * Instagram Login and Threads to the end: the code for a short-lived token (form POST), that for a long-lived
     * one ({@code exchangeGrant}), then the user's profile with the given fields.
     */
    public Uni<ProfileLogin> loginWithProfile(String platformLabel, String tokenUrl, String exchangeUrl,
            String exchangeGrant, String profileUrl, String fields, CallbackRequest request) {
        String code = code(request, platformLabel);
        return exchangeCodeByPost(tokenUrl, request.credentials(), request.redirectUri(), code)
                .flatMap(grant -> exchangeLongLived(exchangeUrl, exchangeGrant, request.credentials(),
                        OAuth2Tokens.text(grant, "access_token"))
                        .flatMap(token -> read("profile lookup", profileUrl, Map.of("fields", fields),
                                token.accessToken())
                                .map(profile -> new ProfileLogin(grant, token, profile))));
    }

    /** Facebook Login: {@code GET oauth/access_token} with the code; answers the short-lived user token. */
    private Uni<String> exchangeCodeByGet(String tokenUrl, Credentials credentials, String redirectUri, String code) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", credentials.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("client_secret", credentials.clientSecret());
        query.put("code", code);
        return http.get(OAuth2Tokens.STEP, Urls.withQuery(tokenUrl, query), Map.of())
                .map(response -> accessToken(OAuth2Tokens.STEP, require(OAuth2Tokens.STEP, response)));
    }

    /**
     * Instagram Login and Threads: {@code POST oauth/access_token} as a form; answers the whole body, whose
     * {@code access_token} is checked to be there.
     */
    private Uni<JsonNode> exchangeCodeByPost(String tokenUrl, Credentials credentials, String redirectUri,
            String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", credentials.clientId());
        form.put("client_secret", credentials.clientSecret());
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", redirectUri);
        form.put("code", code);
        return http.postForm(OAuth2Tokens.STEP, tokenUrl, form, Map.of())
                .map(response -> {
                    JsonNode body = require(OAuth2Tokens.STEP, response);
                    // Business Login for Instagram documents the grant wrapped in a data array.
                    JsonNode grant = body.path("data").isArray() && body.path("data").size() > 0
                            ? body.path("data").get(0)
                            : body;
                    accessToken(OAuth2Tokens.STEP, grant);
                    return grant;
                });
    }

    /** Facebook: {@code GET oauth/access_token?grant_type=fb_exchange_token}. */
    private Uni<UserToken> exchangeFacebookLongLived(String tokenUrl, Credentials credentials, String shortLived) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("grant_type", "fb_exchange_token");
        query.put("client_id", credentials.clientId());
        query.put("client_secret", credentials.clientSecret());
        query.put("fb_exchange_token", shortLived);
        return longLived(Urls.withQuery(tokenUrl, query));
    }

    /** Instagram ({@code ig_exchange_token}) and Threads ({@code th_exchange_token}): {@code GET access_token}. */
    private Uni<UserToken> exchangeLongLived(String exchangeUrl, String grantType, Credentials credentials,
            String shortLived) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("grant_type", grantType);
        query.put("client_secret", credentials.clientSecret());
        query.put("access_token", shortLived);
        return longLived(Urls.withQuery(exchangeUrl, query));
    }

    private Uni<UserToken> longLived(String url) {
        return http.get(LONG_LIVED_STEP, url, Map.of()).map(response -> {
            JsonNode body = require(LONG_LIVED_STEP, response);
            Instant now = clock.instant();
            Instant expiry = OAuth2Tokens.expiry(body.path("expires_in"), now);
            return new UserToken(accessToken(LONG_LIVED_STEP, body),
                    expiry != null ? expiry : now.plus(LONG_LIVED_LIFETIME));
        });
    }

    /** One Graph object, read with the token in the query as Meta documents it. */
    private Uni<JsonNode> read(String step, String url, Map<String, String> query, String accessToken) {
        return http.get(step, withToken(url, query, accessToken), Map.of()).map(response -> require(step, response));
    }

    /**
     * Every item of a listing, following {@code paging.next} to the end. Only links back to the listing's own
     * origin are followed (they carry the token); a link seen before, an empty page or {@link #MAX_PAGES}
     * ends the listing. A page that fails fails the whole listing.
     */
    private Uni<List<JsonNode>> list(String step, String url, Map<String, String> query, String accessToken) {
        String first = withToken(url, query, accessToken);
        Set<String> seen = new HashSet<>();
        seen.add(first);
        return page(step, first, origin(first), new ArrayList<>(), seen);
    }

    private Uni<List<JsonNode>> page(String step, String url, String origin, List<JsonNode> items, Set<String> seen) {
        return http.get(step, url, Map.of()).flatMap(response -> {
            JsonNode body = require(step, response);
            JsonNode data = body.path("data");
            data.forEach(items::add);
            String next = OAuth2Tokens.text(body.path("paging"), "next");
            if (next == null || data.isEmpty()) {
                return Uni.createFrom().item(items);
            }
            if (origin == null || !origin.equals(origin(next))) {
                LOG.warnf("The %s returned a next-page link to another host; it was not followed", step);
                return Uni.createFrom().item(items);
            }
            if (!seen.add(next)) {
                LOG.warnf("The %s returned a next-page link it had already returned; the listing ends there", step);
                return Uni.createFrom().item(items);
            }
            if (seen.size() > MAX_PAGES) {
                LOG.warnf("The %s has more than %d pages; the rest is not read", step, MAX_PAGES);
                return Uni.createFrom().item(items);
            }
            return page(step, next, origin, items, seen);
        });
    }

    /** The body of a successful answer; an error status or an error body fails with Meta's own message. */
    static JsonNode require(String step, PlatformResponse response) {
        JsonNode body = response.body();
        if (!response.ok() || body.has("error") || body.path("error_message").isTextual()) {
            throw new PlatformException(step + " failed: " + describe(response));
        }
        return body;
    }

    /** Graph's {@code error.message}, Instagram's {@code error_message}, or whatever {@link PlatformHttp} finds. */
    static String describe(PlatformResponse response) {
        JsonNode body = response.body();
        String message = OAuth2Tokens.text(body, "error_message");
        if (message == null || !body.path("error").isMissingNode()) {
            return PlatformHttp.describeError(response);
        }
        String detail = PlatformErrors.clean(message);
        return response.ok() ? detail : detail + " (HTTP " + response.status() + ")";
    }

    private static String accessToken(String step, JsonNode body) {
        String token = OAuth2Tokens.text(body, "access_token");
        if (token == null) {
            throw new PlatformException(step + " failed: the platform returned no access token");
        }
        return token;
    }

    private static String withToken(String url, Map<String, String> query, String accessToken) {
        Map<String, String> all = new LinkedHashMap<>(query);
        all.put("access_token", accessToken);
        return Urls.withQuery(url, all);
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (port < 0) {
                port = "https".equals(scheme) ? 443 : 80;
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
