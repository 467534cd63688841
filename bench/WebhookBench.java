import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Webhook delivery benchmark on loopback: the packaged Tether (target/quarkus-app/quarkus-run.jar) with its
 * embedded PostgreSQL (data kept on disk, fsync on), a JDK HTTP receiver, and sandbox connections driven over
 * HTTP exactly as a browser would. Run with bench/run.sh; JDK only, no dependencies.
 *
 * Phases, each against a baseline measured in the same run:
 *   1. baseline: the raw POST rate the receiver sustains on loopback (requests written straight to 16 keep-alive
 *      sockets, as many connections as Tether opens to one host by default);
 *   2. throughput: a backlog of events written while delivery is off, then a restart with delivery on; the
 *      drain rate (deliveries/s) is compared with the raw POST rate, and every event must arrive (no loss
 *      across the restart, duplicates counted);
 *   3. latency: sequential sandbox connections, each event timed from its created_at (written in the
 *      callback's transaction) to its arrival at the receiver; with the commit wake-up (LISTEN/NOTIFY), then
 *      with it off (the poll alone) as the baseline.
 */
public class WebhookBench {

    static final Pattern JSON_STRING = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");
    static final String ADMIN = "bench-admin-token";

    static int port = Integer.parseInt(env("PORT", "18081"));
    static String base = "http://localhost:" + port;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int baselineRequests = Integer.parseInt(env("BASELINE_REQUESTS", "20000"));
        int webhooks = Integer.parseInt(env("WEBHOOKS", "50"));
        int backlogConnections = Integer.parseInt(env("BACKLOG_CONNECTIONS", "100"));
        int latencyConnections = Integer.parseInt(env("LATENCY_CONNECTIONS", "200"));
        int pollConnections = Integer.parseInt(env("POLL_CONNECTIONS", "40"));
        Path work = Path.of("target/bench");
        deleteRecursively(work.toFile());
        Files.createDirectories(work);
        String key = randomKey();

        Receiver receiver = new Receiver();
        System.out.printf("Receiver on %s%n", receiver.url(""));

        // 1. Baseline: raw POSTs to the same receiver.
        double rawRate = rawPostRate(receiver, baselineRequests, 16);
        System.out.printf("Baseline: raw loopback POST rate %.0f req/s (%d requests on 16 keep-alive connections)%n",
                rawRate, baselineRequests);
        receiver.reset();

        // 2. Throughput: write a backlog with delivery off, restart with delivery on, measure the drain.
        Process tether = startTether(work, key, 1, Map.of("tether.webhooks.deliver", "false"));
        Project fanout = project("bench fan-out");
        for (int i = 0; i < webhooks; i++) {
            subscribe(fanout, receiver.url("fanout/" + i));
        }
        long backlogStart = System.nanoTime();
        runConnections(fanout, backlogConnections, 4, "approve_multiple");
        double backlogSeconds = (System.nanoTime() - backlogStart) / 1e9;
        int expected = backlogConnections * 2 * webhooks;
        System.out.printf("Backlog: %d connections x 2 accounts x %d webhooks = %d events written in %.1f s "
                + "(delivery off)%n", backlogConnections, webhooks, expected, backlogSeconds);
        stopTether(tether);
        receiver.reset();

        tether = startTether(work, key, 2, Map.of());
        receiver.awaitCount(expected, Duration.ofMinutes(3));
        Receiver.Stats drain = receiver.stats();
        double drainRate = drain.count / drain.spanSeconds();
        System.out.printf("Throughput: %d deliveries in %.2f s = %.0f deliveries/s (%.2f x the raw POST rate); "
                + "unique events %d of %d expected, duplicates %d%n", drain.count, drain.spanSeconds(), drainRate,
                drainRate / rawRate, drain.unique, expected, drain.count - drain.unique);
        receiver.reset();

        // 3a. Latency with the commit wake-up.
        Project single = project("bench latency");
        subscribe(single, receiver.url("latency"));
        runConnections(single, latencyConnections, 1, "approve");
        receiver.awaitCount(latencyConnections, Duration.ofMinutes(1));
        Receiver.Stats commit = receiver.stats();
        System.out.printf("Latency, commit wake-up (LISTEN/NOTIFY): %s%n", commit.latencies());
        receiver.reset();
        stopTether(tether);

        // 3b. Baseline: the poll alone.
        tether = startTether(work, key, 3, Map.of("tether.webhooks.listen", "false"));
        runConnections(single, pollConnections, 1, "approve");
        receiver.awaitCount(pollConnections, Duration.ofMinutes(1));
        Receiver.Stats poll = receiver.stats();
        System.out.printf("Latency, poll only (tether.webhooks.poll-interval 2s): %s%n", poll.latencies());
        stopTether(tether);
        receiver.close();

        String summary = String.format(Locale.ROOT, """
                | measure | result | baseline (same run) | ratio |
                |---|---|---|---|
                | delivery throughput (backlog of %d, %d webhooks) | %.0f deliveries/s | raw loopback POST rate %.0f req/s | %.2f |
                | latency p50, connection committed → received | %.1f ms | poll-only p50 %.1f ms | %.3f |
                | latency p90 / p99 / max | %.1f / %.1f / %.1f ms | poll-only p90 %.1f ms | |
                | events lost / duplicated across the restart | %d / %d | | |
                """, expected, webhooks, drainRate, rawRate, drainRate / rawRate, commit.percentile(50),
                poll.percentile(50), commit.percentile(50) / poll.percentile(50), commit.percentile(90),
                commit.percentile(99), commit.percentile(100), poll.percentile(90), expected - drain.unique,
                drain.count - drain.unique);
        System.out.println();
        System.out.println(summary);
        Files.writeString(work.resolve("results.md"), summary);
        System.exit(expected - drain.unique == 0 ? 0 : 1);
    }

    // ---------------------------------------------------------------- Tether

    record Project(String id, String apiKey) {
    }

    static Process startTether(Path work, String key, int run, Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(List.of("java",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO",
                "-Dtether.admin-token=" + ADMIN,
                "-Dtether.public-base-url=" + base,
                "-Dtether.encryption-key=" + key,
                "-Dtether.embedded-db.enabled=true",
                "-Dtether.embedded-db.data-dir=" + work.resolve("postgres"),
                "-Dtether.embedded-db.work-dir=target/embedded-postgres",
                "-Dtether.platforms.sandbox.enabled=true",
                "-Dtether.webhooks.allow-private-targets=true"));
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("tether-" + run + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tether exited; see " + work.resolve("tether-" + run + ".log"));
            }
            try {
                if (send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET()).statusCode() == 200) {
                    System.out.printf("Tether started (run %d%s)%n", run, settings.isEmpty() ? "" : ", " + settings);
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Tether did not become ready");
    }

    static void stopTether(Process process) throws Exception {
        process.destroy(); // SIGTERM: graceful shutdown
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static Project project(String name) throws Exception {
        String created = admin("POST", "/admin/projects", "{\"name\":\"" + name + "\",\"callback_url\":\"https://app.example/connected\"}", 201);
        String id = field(created, "id");
        String key = field(admin("POST", "/admin/projects/" + id + "/api-keys", "{}", 201), "key");
        admin("PUT", "/admin/projects/" + id + "/credentials/sandbox", "{\"client_id\":\"bench\",\"client_secret\":\"bench\"}", 200);
        return new Project(id, key);
    }

    static void subscribe(Project project, String url) throws Exception {
        HttpResponse<String> response = send(json(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks")), project.apiKey(),
                "{\"url\":\"" + url + "\",\"event_types\":[\"social.account.created\"]}"));
        expect(response, 201);
    }

    /** {@code count} sandbox connections on {@code threads} threads: auth-url, consent, callback. */
    static void runConnections(Project project, int count, int threads, String outcome) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (next.getAndIncrement() < count && failures.isEmpty()) {
                    try {
                        connect(project, outcome);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    static void connect(Project project, String outcome) throws Exception {
        HttpResponse<String> link = send(json(HttpRequest.newBuilder(URI.create(base + "/v1/social-accounts/auth-url")),
                project.apiKey(), "{\"platform\":\"sandbox\"}"));
        expect(link, 201);
        URI authorize = URI.create(field(link.body(), "url"));
        String form = authorize.getRawQuery() + "&outcome=" + URLEncoder.encode(outcome, StandardCharsets.UTF_8);
        HttpResponse<String> consent = send(HttpRequest.newBuilder(URI.create(base + "/sandbox/oauth/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        expect(consent, 303);
        String callback = consent.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(callback)).GET());
        expect(back, 302);
        if (!back.headers().firstValue("Location").orElse("").contains("isSuccess=true")) {
            throw new IllegalStateException("connection failed: " + back.headers().firstValue("Location").orElse(""));
        }
    }

    static String admin(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
        expect(response, status);
        return response.body();
    }

    static HttpRequest.Builder json(HttpRequest.Builder builder, String apiKey, String body) {
        return builder.header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile(String.format(JSON_STRING.pattern(), name)).matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    // ---------------------------------------------------------------- baseline

    /**
     * The receiver's own ceiling: keep-alive HTTP/1.1 POSTs of an event-sized body written straight to sockets,
     * {@code connections} at a time, so that the client costs as little as possible.
     */
    static double rawPostRate(Receiver receiver, int requests, int connections) throws Exception {
        String body = "{\"id\":\"raw\",\"event_type\":\"social.account.created\",\"created_at\":\"" + Instant.now()
                + "\",\"data\":{\"id\":\"spc_x\",\"platform\":\"sandbox\",\"username\":\"sandbox_user_1\"}}";
        URI target = URI.create(receiver.url("raw"));
        byte[] request = ("POST " + target.getPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        AtomicInteger left = new AtomicInteger(requests);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Exception> failures = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            pool.submit(() -> {
                try (java.net.Socket socket = new java.net.Socket(target.getHost(), target.getPort())) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    java.io.BufferedInputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                    while (left.getAndDecrement() > 0) {
                        out.write(request);
                        out.flush();
                        readResponse(in);
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return requests / ((System.nanoTime() - start) / 1e9);
    }

    /** Reads one response (status line and headers; the receiver answers 204, so there is no body). */
    static void readResponse(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return;
            }
        }
        throw new IOException("connection closed");
    }

    // ---------------------------------------------------------------- receiver

    static final class Receiver {
        private static final Pattern ID = Pattern.compile("\"id\":\"(wbhe_[0-9A-Za-z]+)\"");
        private static final Pattern CREATED = Pattern.compile("\"created_at\":\"([^\"]+)\"");

        record Stats(int count, int unique, Instant first, Instant last, List<Double> latenciesMillis) {
            double spanSeconds() {
                return Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
            }

            double percentile(int p) {
                if (latenciesMillis.isEmpty()) {
                    return Double.NaN;
                }
                int index = (int) Math.ceil(p / 100.0 * latenciesMillis.size()) - 1;
                return latenciesMillis.get(Math.max(0, Math.min(latenciesMillis.size() - 1, index)));
            }

            String latencies() {
                return String.format(Locale.ROOT, "n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                        latenciesMillis.size(), percentile(50), percentile(90), percentile(99), percentile(100));
            }
        }

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(8);
        private final Map<String, Integer> seen = new ConcurrentHashMap<>();
        private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger count = new AtomicInteger();
        private volatile Instant first;
        private volatile Instant last;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                Instant at = Instant.now();
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher id = ID.matcher(body);
                if (id.find()) {
                    seen.merge(id.group(1), 1, Integer::sum);
                    Matcher created = CREATED.matcher(body);
                    if (created.find()) {
                        latencies.add(Duration.between(Instant.parse(created.group(1)), at).toNanos() / 1e6);
                    }
                    synchronized (this) {
                        if (first == null) {
                            first = at;
                        }
                        last = at;
                    }
                    count.incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
        }

        synchronized void reset() {
            seen.clear();
            latencies.clear();
            count.set(0);
            first = null;
            last = null;
        }

        void awaitCount(int expected, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (count.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(500); // let duplicates, if any, show up
        }

        synchronized Stats stats() {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new Stats(count.get(), seen.size(), first, last, sorted);
        }

        void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- helpers

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }
}
