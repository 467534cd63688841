package dev.tether.platform;

import java.util.Collection;

/** Turns what a platform says into something fit for a redirect parameter and a log line. */
public final class PlatformErrors {

    private static final int MAX_MESSAGE = 200;
    private static final int MAX_CODE = 64;

    private PlatformErrors() {
    }

    /** Collapses whitespace, drops control characters and caps the length. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
        boolean space = false;
        for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        if (text.length() > MAX_MESSAGE && out.length() >= MAX_MESSAGE) {
            out.setLength(MAX_MESSAGE - 1);
            out.append('…');
        }
        return out.toString();
    }

    /** An error code as a platform sends it ({@code invalid_grant}), restricted to a safe alphabet. */
    public static String code(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length() && out.length() < MAX_CODE; i++) {
            char c = raw.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                out.append(c);
            }
        }
        return out.length() == 0 ? "error" : out.toString();
    }

    /** Replaces every occurrence of the given secrets with {@code [redacted]}. */
    public static String redact(String message, Collection<String> secrets) {
        String result = message;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "[redacted]");
            }
        }
        return result;
    }
}
