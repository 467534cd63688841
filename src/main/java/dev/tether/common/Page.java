package dev.tether.common;

import java.util.List;

import jakarta.ws.rs.core.UriInfo;

/** A page of a list endpoint: {@code {data, meta:{total, offset, limit, next}}}, as the hosted API answers. */
public record Page<T>(List<T> data, Meta meta) {

    public record Meta(long total, int offset, int limit, String next) {
    }

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    public static <T> Page<T> of(Slice<T> slice, PageRequest request, UriInfo uri) {
        return of(slice.rows(), slice.total(), request, uri);
    }

    /** {@code next} is the same request with {@code offset + limit}, or null once the end is reached. */
    public static <T> Page<T> of(List<T> data, long total, PageRequest request, UriInfo uri) {
        String next = null;
        if ((long) request.offset() + request.limit() < total) {
            next = uri.getRequestUriBuilder()
                    .replaceQueryParam("offset", request.offset() + request.limit())
                    .replaceQueryParam("limit", request.limit())
                    .build()
                    .toString();
        }
        return new Page<>(data, new Meta(total, request.offset(), request.limit(), next));
    }
}
