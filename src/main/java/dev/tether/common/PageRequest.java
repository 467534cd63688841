package dev.tether.common;

import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;

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

    /** Counts the query's rows, then reads this page of them (on the same session, one after the other). */
    public <E, T> Uni<Slice<T>> fetch(PanacheQuery<E> query, Function<E, T> view) {
        return query.count().chain(total -> query.range(offset, offset + limit - 1).list()
                .map(rows -> new Slice<>(rows.stream().map(view).toList(), total)));
    }
}
