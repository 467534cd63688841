package dev.tether.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

class WebhookSignerTest {

    @Test
    void matchesThePublishedStandardWebhooksExample() {
        byte[] key = WebhookSigner.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = WebhookSigner.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretIsWhsecAndThirtyTwoRandomBytes() {
        String first = WebhookSigner.newSecret();
        String second = WebhookSigner.newSecret();

        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(WebhookSigner.key(first)).hasSize(32);
    }

    @Test
    void referenceLibraryVerifiesOurSignatureAndRejectsAChangedIdTimestampOrBody() throws Exception {
        String secret = WebhookSigner.newSecret();
        String body = "{\"id\":\"wbhe_1\",\"event_type\":\"social.account.created\",\"data\":{\"é\":\"ü\"}}";
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSigner.sign(WebhookSigner.key(secret), "wbhe_1", now, body);
        Webhook verifier = new Webhook(secret);

        verifier.verify(body, headers("wbhe_1", now, signature));

        assertThatThrownBy(() -> verifier.verify(body + " ", headers("wbhe_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(body, headers("wbhe_2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(body, headers("wbhe_1", now - 1, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(WebhookSigner.newSecret()).verify(body, headers("wbhe_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void notAWhsecSecretIsRefused() {
        assertThatThrownBy(() -> WebhookSigner.key("secret")).isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpHeaders headers(String id, long timestamp, String signature) {
        return HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature)), (name, value) -> true);
    }
}
