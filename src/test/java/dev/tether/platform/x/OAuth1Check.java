package dev.tether.platform.x;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * An independent RFC 5849 verifier for what the stubbed platform received: rebuilds the signature base string
 * from the request as it arrived (method, URL, query, form body, {@code Authorization} parameters) and checks
 * the HMAC-SHA1 signature in the header.
 */
final class OAuth1Check {

    private OAuth1Check() {
    }

    /** The decoded parameters of the request's {@code Authorization: OAuth …} header. */
    static Map<String, String> header(LoggedRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("OAuth ")) {
            throw new AssertionError("no OAuth Authorization header");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : header.substring("OAuth ".length()).split(",")) {
            String trimmed = part.trim();
            int eq = trimmed.indexOf('=');
            String value = trimmed.substring(eq + 1);
            if (value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(trimmed.substring(0, eq), decode(value));
        }
        return params;
    }

    /** True when the header's signature is the HMAC-SHA1 of the request under the given secrets. */
    static boolean signatureValid(LoggedRequest request, String consumerSecret, String tokenSecret) {
        Map<String, String> oauth = header(request);
        List<String[]> params = new ArrayList<>();
        oauth.forEach((key, value) -> {
            if (!key.equals("oauth_signature") && !key.equals("realm")) {
                params.add(new String[] { key, value });
            }
        });
        URI uri = URI.create(request.getAbsoluteUrl());
        addPairs(params, uri.getRawQuery());
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            addPairs(params, request.getBodyAsString());
        }
        List<String> encoded = new ArrayList<>();
        for (String[] pair : params) {
            encoded.add(encode(pair[0]) + "=" + encode(pair[1]));
        }
        encoded.sort(null);
        String baseUrl = uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + uri.getRawPath();
        String base = request.getMethod().getName() + "&" + encode(baseUrl) + "&" + encode(String.join("&", encoded));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((encode(consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret))
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
            return expected.equals(oauth.get("oauth_signature"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addPairs(List<String[]> params, String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.add(eq < 0 ? new String[] { decode(pair), "" }
                    : new String[] { decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)) });
        }
    }

    /** RFC 3986 percent-encoding: everything but unreserved characters. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
