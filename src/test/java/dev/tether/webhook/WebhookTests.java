package dev.tether.webhook;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import dev.tether.support.Db;
import dev.tether.support.Receiver.Delivery;

/** What the webhook tests share: waiting, reading events, and verifying signatures independently. */
final class WebhookTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: the suite shares two cores with other work. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private WebhookTests() {
    }

    static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static List<Map<String, Object>> events(Db db, String webhookId) {
        return db.rows("select * from webhook_event where webhook_id = ? order by created_at, id", webhookId);
    }

    static Map<String, Object> event(Db db, String eventId) {
        return db.row("select * from webhook_event where id = ?", eventId);
    }

    /** Verifies with the Standard Webhooks reference library (it also checks the timestamp is recent). */
    static void verify(String secret, Delivery delivery) throws Exception {
        verify(secret, delivery, delivery.body());
    }

    static void verify(String secret, Delivery delivery, String body) throws Exception {
        HttpHeaders headers = HttpHeaders.of(delivery.headers(), (name, value) -> true);
        new Webhook(secret).verify(body, headers);
    }

    /** Ends every delivery still queued, so that no test's leftovers reach the next one. */
    static void settle(Db db, WebhookWorker worker) {
        db.update("update webhook_event set status = 'failed', next_attempt_at = null, last_error = 'test ended'"
                + " where status in ('pending', 'delivering')");
        if (!worker.dispatcher().running()) {
            worker.dispatcher().start();
        }
    }
}
