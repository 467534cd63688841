package dev.tether.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that plays an app's webhook endpoint: it records every request it gets (when
 * it got it, and when it answered) and answers with scripted replies, then a default one.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. Header names are lowercase. */
    public record Delivery(String path, Map<String, List<String>> headers, String body, Instant receivedAt,
            AtomicReference<Instant> answered) {

        /** When the answer was sent; null while it is still being held (or was never sent). */
        public Instant answeredAt() {
            return answered.get();
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String webhookId() {
            return header("webhook-id");
        }
    }

    /** What to answer: a status, headers, and how long to wait first (a hanging receiver waits very long). */
    public record Reply(int status, Map<String, String> headers, Duration delay) {

        public static Reply status(int status) {
            return new Reply(status, Map.of(), Duration.ZERO);
        }

        public static Reply hang() {
            return new Reply(200, Map.of(), Duration.ofMinutes(5));
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, delay);
        }

        public Reply after(Duration wait) {
            return new Reply(status, headers, wait);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Reply fallback = Reply.status(200);

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Receiver start() {
        try {
            return new Receiver();
        } catch (IOException e) {
            throw new IllegalStateException("the test receiver could not start", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/<path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    public String url() {
        return url("hook");
    }

    /** Answers the next requests with these replies, in order, then with the default. */
    public Receiver thenReply(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The answer once the script is used up. */
    public Receiver byDefault(Reply reply) {
        fallback = reply;
        return this;
    }

    public List<Delivery> received() {
        return new ArrayList<>(received);
    }

    public int count() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Reply reply = script.poll();
        if (reply == null) {
            reply = fallback;
        }
        Delivery delivery = new Delivery(exchange.getRequestURI().getPath(), headers, body, at, new AtomicReference<>());
        received.add(delivery);
        try {
            if (!reply.delay().isZero() && closed.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                exchange.close();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] answer = reply.status() == 204 ? new byte[0] : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
            delivery.answered().set(Instant.now());
        } catch (IOException e) {
            // the client gave up (a timeout under test): nothing was answered
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
