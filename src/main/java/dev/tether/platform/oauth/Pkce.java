package dev.tether.platform.oauth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tether.common.Hashing;

/** PKCE (RFC 7636) with the S256 method. */
public final class Pkce {

    public static final String METHOD = "S256";

    private Pkce() {
    }

    /** BASE64URL(SHA256(ASCII(verifier))), without padding. */
    public static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Hashing.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
