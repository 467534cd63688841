package dev.tether.common;

/** The answer of a DELETE, as the hosted API gives it: {@code {"success": true}}. */
public record Deleted(boolean success) {

    public static final Deleted SUCCESS = new Deleted(true);
}
