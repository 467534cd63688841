package dev.tether.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Checks for URLs that clients give Tether to send browsers to. */
public final class UrlRules {

    private static final int MAX_LENGTH = 2048;
    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "vbscript", "file", "blob");

    private UrlRules() {
    }

    /**
     * Where users are sent back to: an absolute {@code http(s)} URL, or an app's own scheme
     * ({@code myapp://connected}) for mobile apps. Script-bearing schemes are refused.
     */
    public static String appRedirect(String field, String value) {
        URI uri = parse(field, value);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (FORBIDDEN_SCHEMES.contains(scheme)) {
            throw ApiException.badRequest(field + ": the " + scheme + " scheme is not allowed");
        }
        if ((scheme.equals("http") || scheme.equals("https")) && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw ApiException.badRequest(field + ": must include a host");
        }
        return value;
    }

    /** An absolute {@code http} or {@code https} URL with a host. */
    public static String http(String field, String value) {
        URI uri = parse(field, value);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.badRequest(field + ": must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.badRequest(field + ": must include a host");
        }
        return value;
    }

    private static URI parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + ": must be a non-empty URL");
        }
        if (value.length() > MAX_LENGTH) {
            throw ApiException.badRequest(field + ": must be at most " + MAX_LENGTH + " characters");
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute()) {
                throw ApiException.badRequest(field + ": must be an absolute URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ApiException.badRequest(field + ": is not a valid URL");
        }
    }
}
