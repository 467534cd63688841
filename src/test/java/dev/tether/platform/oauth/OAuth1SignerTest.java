package dev.tether.platform.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tether.platform.Credentials;

/** The signer against the worked example of X's "Creating a signature" documentation (RFC 5849 HMAC-SHA1). */
class OAuth1SignerTest {

    static final String URL = "https://api.twitter.com/1.1/statuses/update.json?include_entities=true";
    static final Credentials CONSUMER = new Credentials("xvz1evFS4wEEPTGEFPHBog",
            "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw");
    static final String TOKEN = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb";
    static final String TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
    static final String NONCE = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg";
    static final long TIMESTAMP = 1318622958L;
    static final OAuth1Signer.Request REQUEST = new OAuth1Signer.Request("POST", URL, Map.of("oauth_token", TOKEN),
            Map.of("status", "Hello Ladies + Gentlemen, a signed OAuth request!"));

    @Test
    void baseStringMatchesTheDocumentedExample() {
        Map<String, String> protocol = new LinkedHashMap<>();
        protocol.put("oauth_consumer_key", CONSUMER.clientId());
        protocol.put("oauth_nonce", NONCE);
        protocol.put("oauth_signature_method", "HMAC-SHA1");
        protocol.put("oauth_timestamp", Long.toString(TIMESTAMP));
        protocol.put("oauth_token", TOKEN);
        protocol.put("oauth_version", "1.0");

        assertThat(OAuth1Signer.baseString(REQUEST, protocol)).isEqualTo("POST&"
                + "https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&"
                + "include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26"
                + "oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26"
                + "oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26"
                + "oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed"
                + "%2520OAuth%2520request%2521");
    }

    @Test
    void authorizationHeaderCarriesTheDocumentedSignatureAndEveryProtocolParameter() {
        String header = OAuth1Signer.authorization(REQUEST, CONSUMER, TOKEN_SECRET, NONCE, TIMESTAMP);

        assertThat(header).startsWith("OAuth ");
        Map<String, String> params = headerParams(header);
        assertThat(params).containsOnly(
                Map.entry("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
                Map.entry("oauth_nonce", NONCE),
                Map.entry("oauth_signature", "hCtSmYh+iHYCEqBWrE7C7hYmtUk="),
                Map.entry("oauth_signature_method", "HMAC-SHA1"),
                Map.entry("oauth_timestamp", "1318622958"),
                Map.entry("oauth_token", TOKEN),
                Map.entry("oauth_version", "1.0"));
    }

    @Test
    void aDifferentTokenSecretGivesADifferentSignature() {
        String header = OAuth1Signer.authorization(REQUEST, CONSUMER, "another-secret", NONCE, TIMESTAMP);

        assertThat(headerParams(header).get("oauth_signature")).isNotEqualTo("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    @Test
    void formFieldsDecodeATokenResponseAndIgnoreJson() {
        assertThat(OAuth1Signer.formFields("oauth_token=abc%2Fd&oauth_token_secret=s%3D1&oauth_callback_confirmed=true"))
                .containsExactly(Map.entry("oauth_token", "abc/d"), Map.entry("oauth_token_secret", "s=1"),
                        Map.entry("oauth_callback_confirmed", "true"));
        assertThat(OAuth1Signer.formFields("{\"errors\":[{\"code\":32}]}")).isEmpty();
        assertThat(OAuth1Signer.formFields("")).isEmpty();
    }

    /** The decoded {@code key="value"} pairs of an {@code OAuth} header. */
    public static Map<String, String> headerParams(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : header.substring("OAuth ".length()).split(",\\s*")) {
            int eq = part.indexOf('=');
            String value = part.substring(eq + 1).replaceAll("^\"|\"$", "");
            params.put(part.substring(0, eq).trim(), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
