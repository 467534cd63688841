package dev.tether.common;

import java.security.SecureRandom;

/** Random identifiers in the hosted API's shape: a prefix, an underscore and 21 base62 characters. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 21;

    public static final String PROJECT = "proj";
    public static final String API_KEY = "key";
    public static final String CREDENTIAL = "pcr";
    public static final String ATTEMPT = "cat";
    public static final String SOCIAL_ACCOUNT = "spc";
    public static final String WEBHOOK = "wbh";
    public static final String WEBHOOK_EVENT = "wbhe";

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "_" + randomBase62(LENGTH);
    }

    /** {@code length} base62 characters drawn without modulo bias (5.95 bits each). */
    public static String randomBase62(int length) {
        char[] out = new char[length];
        int filled = 0;
        byte[] buffer = new byte[length * 2];
        while (filled < length) {
            RANDOM.nextBytes(buffer);
            for (int i = 0; i < buffer.length && filled < length; i++) {
                int v = buffer[i] & 0xff;
                if (v < 248) { // 248 = 4 * 62: keep the distribution uniform
                    out[filled++] = ALPHABET[v % 62];
                }
            }
        }
        return new String(out);
    }

    /** True when {@code value} looks like an id with the given prefix; used to answer 404 early for garbage. */
    public static boolean looksLike(String prefix, String value) {
        if (value == null || !value.startsWith(prefix + "_")) {
            return false;
        }
        String rest = value.substring(prefix.length() + 1);
        if (rest.isEmpty() || rest.length() > 64) {
            return false;
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }
}
