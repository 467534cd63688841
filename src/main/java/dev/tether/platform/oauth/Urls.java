package dev.tether.platform.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Query strings with RFC 3986 percent-encoding ({@code %20} for a space, which every decoder understands). */
public final class Urls {

    private Urls() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Appends the parameters in iteration order, joining with {@code ?} or {@code &} as the base requires. */
    public static String withQuery(String base, Map<String, String> params) {
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        StringBuilder url = new StringBuilder(base);
        char joiner = base.indexOf('?') < 0 ? '?' : (base.endsWith("?") || base.endsWith("&") ? 0 : '&');
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (param.getValue() == null) {
                continue;
            }
            if (joiner != 0) {
                url.append(joiner);
            }
            joiner = '&';
            url.append(encode(param.getKey())).append('=').append(encode(param.getValue()));
        }
        return url.append(fragment).toString();
    }
}
