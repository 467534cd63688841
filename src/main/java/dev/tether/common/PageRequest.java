package dev.tether.common;

/** Validated {@code offset}/{@code limit} query parameters. */
public record PageRequest(int offset, int limit) {

    /** Parses the raw query values so that a non-number gets a 400 naming the parameter, not a 404 or 500. */
    public static PageRequest parse(String offset, String limit) {
        int o = parse("offset", offset, 0);
        int l = parse("limit", limit, Page.DEFAULT_LIMIT);
        if (o < 0) {
            throw ApiException.badRequest("offset: must be 0 or greater");
        }
        if (l < 1 || l > Page.MAX_LIMIT) {
            throw ApiException.badRequest("limit: must be between 1 and " + Page.MAX_LIMIT);
        }
        return new PageRequest(o, l);
    }

    private static int parse(String name, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": must be an integer");
        }
    }
}
