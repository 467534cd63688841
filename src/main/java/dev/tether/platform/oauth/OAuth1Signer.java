package dev.tether.platform.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.scribejava.core.extractors.BaseStringExtractorImpl;
import com.github.scribejava.core.extractors.HeaderExtractorImpl;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.services.HMACSha1SignatureService;

import dev.tether.platform.Credentials;

/**
 * OAuth 1.0a request signing (RFC 5849, HMAC-SHA1) for the {@code Authorization} header. The base string,
 * the signature and the header come from ScribeJava; this class only feeds it the request and the values
 * Tether controls (nonce, timestamp), so the request itself can go through {@link PlatformHttp}.
 */
public final class OAuth1Signer {

    public static final String SIGNATURE_METHOD = "HMAC-SHA1";

    private static final BaseStringExtractorImpl BASE_STRING = new BaseStringExtractorImpl();
    private static final HeaderExtractorImpl HEADER = new HeaderExtractorImpl();
    private static final HMACSha1SignatureService SIGNATURE = new HMACSha1SignatureService();

    /** One request to sign. */
    public record Request(String method, String url, Map<String, String> protocolParams,
            Map<String, String> formParams) {

        @Override
        public String toString() {
            return "OAuth1Signer.Request[" + method + " " + url + "]";
        }
    }

    private OAuth1Signer() {
    }

    /**
     * The {@code Authorization: OAuth …} value for a request.
     *
     * @param request method, URL (its query counts in the signature), extra protocol parameters such as
     *                {@code oauth_callback}, {@code oauth_token} or {@code oauth_verifier}, and form body fields
     * @param consumer the app's consumer key and secret (the project's client id and secret)
     * @param tokenSecret the request or access token secret; null or empty before there is a token
     */
    public static String authorization(Request request, Credentials consumer, String tokenSecret, String nonce,
            long epochSeconds) {
        OAuthRequest oauth = new OAuthRequest(Verb.valueOf(request.method()), request.url());
        request.formParams().forEach(oauth::addBodyParameter);
        request.protocolParams().forEach(oauth::addOAuthParameter);
        oauth.addOAuthParameter("oauth_consumer_key", consumer.clientId());
        oauth.addOAuthParameter("oauth_nonce", nonce);
        oauth.addOAuthParameter("oauth_signature_method", SIGNATURE_METHOD);
        oauth.addOAuthParameter("oauth_timestamp", Long.toString(epochSeconds));
        oauth.addOAuthParameter("oauth_version", "1.0");
        oauth.addOAuthParameter("oauth_signature", signature(oauth, consumer.clientSecret(), tokenSecret));
        return HEADER.extract(oauth);
    }

    /**
     * The fields of a form-encoded body, the format of OAuth 1.0a token responses
     * ({@code oauth_token=…&oauth_token_secret=…}); empty for anything else.
     */
    public static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isBlank() || body.trim().startsWith("{") || body.trim().startsWith("<")) {
            return fields;
        }
        for (String pair : body.trim().split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return new LinkedHashMap<>();
            }
        }
        return fields;
    }

    /** The signature base string of RFC 5849 section 3.4.1 (exposed for tests against documented examples). */
    static String baseString(Request request, Map<String, String> allProtocolParams) {
        OAuthRequest oauth = new OAuthRequest(Verb.valueOf(request.method()), request.url());
        request.formParams().forEach(oauth::addBodyParameter);
        allProtocolParams.forEach(oauth::addOAuthParameter);
        return BASE_STRING.extract(oauth);
    }

    private static String signature(OAuthRequest request, String consumerSecret, String tokenSecret) {
        return SIGNATURE.getSignature(BASE_STRING.extract(request), consumerSecret,
                tokenSecret == null ? "" : tokenSecret);
    }
}
