package dev.tether.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Date-times given in request bodies. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * Parses an ISO 8601 date-time with an offset ({@code 2025-01-31T12:00:00Z}, {@code 2025-01-31T14:00:00+02:00});
     * null stays null. Anything else is a 400 naming the field.
     */
    public static Instant parse(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + ": must be an ISO 8601 date-time with an offset, "
                    + "such as 2025-01-31T12:00:00Z");
        }
    }
}
