package dev.tether.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Small checks shared by the resources. */
public final class Requests {

    private Requests() {
    }

    public static <T> T requireBody(T body) {
        if (body == null) {
            throw ApiException.badRequest("The request body is required (a JSON object)");
        }
        return body;
    }

    /**
     * An optional text field: null stays null (not given); otherwise it must not be blank and must be at most
     * {@code max} characters.
     */
    public static String optionalText(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw ApiException.badRequest(field + ": must not be blank when given");
        }
        if (value.length() > max) {
            throw ApiException.badRequest(field + ": must be at most " + max + " characters");
        }
        return value;
    }

    /** A required text field: present, not blank, at most {@code max} characters. */
    public static String requiredText(String field, String value, int max) {
        if (value == null) {
            throw ApiException.badRequest(field + ": is required");
        }
        return optionalText(field, value, max);
    }

    /**
     * Reads a list filter given as repeated parameters, comma-separated values, or both
     * ({@code ?platform=x&platform=facebook} or {@code ?platform=x,facebook}); blanks are dropped.
     */
    public static List<String> splitFilter(List<String> raw) {
        Set<String> values = new LinkedHashSet<>();
        if (raw != null) {
            for (String entry : raw) {
                if (entry == null) {
                    continue;
                }
                for (String part : entry.split(",")) {
                    String trimmed = part.trim();
                    if (!trimmed.isEmpty()) {
                        values.add(trimmed);
                    }
                }
            }
        }
        return new ArrayList<>(values);
    }
}
