package dev.tether.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.tether.common.SecretBox;
import dev.tether.platform.oauth.Urls;
import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import io.restassured.response.Response;

/** What the platform connection tests share: playing the platform's redirect and reading what was stored. */
public final class PlatformTestKit {

    private PlatformTestKit() {
    }

    /**
     * The platform sending the user back: the link's own {@code redirect_uri} with {@code state} and the given
     * parameters (a {@code code}, or an {@code error}), the way a browser would follow it.
     */
    public static Response platformRedirect(Link link, Map<String, String> params) {
        Map<String, String> authorize = Api.query(link.url());
        Map<String, String> query = new LinkedHashMap<>(params);
        query.put("state", authorize.get("state"));
        return Api.callback(Urls.withQuery(authorize.get("redirect_uri"), query));
    }

    /** The decoded fields of a form-encoded request WireMock received. */
    public static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }


    /** The stored bytes do not show the secret, and decrypt to it only with the key and the right context. */
    public static void assertEncrypted(Object stored, String plaintext, String context, SecretBox box) {
        assertThat(stored).isInstanceOf(byte[].class);
        byte[] bytes = (byte[]) stored;
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(plaintext);
        assertThat(box.decrypt(bytes, context)).isEqualTo(plaintext);
    }
}
