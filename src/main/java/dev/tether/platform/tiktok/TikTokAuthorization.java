package dev.tether.platform.tiktok;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tether.platform.LinkRequest;
import dev.tether.platform.oauth.Urls;

/**
 * The consent link of TikTok Login Kit for Web, shared by {@code tiktok} and {@code tiktok_business}: the app
 * is named by {@code client_key} (not {@code client_id}) and scopes are comma-separated. TikTok documents PKCE
 * only for its mobile and desktop flows, so web links carry none.
 */
final class TikTokAuthorization {

    private TikTokAuthorization() {
    }

    static String url(String authorizeUrl, LinkRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_key", request.credentials().clientId());
        query.put("response_type", "code");
        query.put("scope", String.join(",", request.scopes()));
        query.put("redirect_uri", request.redirectUri());
        query.put("state", request.state());
        return Urls.withQuery(authorizeUrl, query);
    }
}
