package dev.tether.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts an embedded PostgreSQL for the run command and the tests, when {@code tether.embedded-db.enabled}
 * is on and no datasource URL is configured, and points the datasource at it.
 * <p>
 * It starts once per JVM: the port is kept in a system property, so a dev-mode live reload or a second
 * Quarkus start in the same test run reuses the running server. With a kept data directory (the run
 * command's {@code data/postgres}), a server left running by a killed previous process is stopped first.
 * This class and its dependency are absent from native builds; production always uses the standard
 * {@code QUARKUS_DATASOURCE_*} settings.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    private static final String RUNNING_PORT = "embedded-postgres.running-port";
    private static final int ORDINAL = 270; // above application.properties, below env and system properties

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!Boolean.parseBoolean(value(context, "tether.embedded-db.enabled").orElse("false"))
                || value(context, "quarkus.datasource.reactive.url").isPresent()
                || value(context, "quarkus.datasource.jdbc.url").isPresent()) {
            return List.of();
        }
        int port = start(context);
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres"), "EmbeddedPostgreSQL", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50); // after the sources that say whether and where to start
    }

    private static synchronized int start(ConfigSourceContext context) {
        String running = System.getProperty(RUNNING_PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        boolean keepData = !Boolean.parseBoolean(value(context, "tether.embedded-db.clean").orElse("false"));
        Path dataDir = Path.of(value(context, "tether.embedded-db.data-dir").orElse("data/postgres"));
        if (!keepData) {
            dataDir = dataDir.resolve(UUID.randomUUID().toString());
        }
        Path workDir = Path.of(value(context, "tether.embedded-db.work-dir").orElse("target/embedded-postgres"));
        int port = Integer.parseInt(value(context, "tether.embedded-db.port").orElse("0"));
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(workDir);
            if (keepData) {
                stopLeftoverServer(dataDir);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(!keepData)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            if (keepData) {
                // data that outlives the process is written safely
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            System.setProperty(RUNNING_PORT, Integer.toString(postgres.getPort()));
            LOG.infof("Embedded PostgreSQL on port %d, data in %s", postgres.getPort(), dataDir.toAbsolutePath());
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start (data in " + dataDir.toAbsolutePath()
                    + "); set QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL to use another database", e);
        }
    }

    /**
     * A process killed without its shutdown hook leaves its PostgreSQL running on the data directory, which a
     * new start would refuse. Stops that server (only if the pid file names a live postgres process).
     */
    static void stopLeftoverServer(Path dataDir) throws IOException {
        File pidFile = dataDir.resolve("postmaster.pid").toFile();
        if (!pidFile.exists()) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile.toPath(), StandardCharsets.UTF_8);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        boolean isPostgres = process.filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().command())
                .map(command -> command.contains("postgres"))
                .orElse(false);
        if (!isPostgres) {
            return; // a stale pid file: PostgreSQL removes it itself on start
        }
        LOG.infof("Stopping the PostgreSQL (pid %d) left running on %s by a previous process", pid, dataDir);
        ProcessHandle server = process.get();
        server.destroy(); // SIGTERM: PostgreSQL's smart shutdown; nothing is connected any more
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.destroyForcibly();
        }
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        for (String profile : context.getProfiles()) {
            ConfigValue profiled = context.getValue("%" + profile + "." + name);
            if (profiled != null && profiled.getValue() != null && !profiled.getValue().isBlank()) {
                return Optional.of(profiled.getValue());
            }
        }
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank()
                ? Optional.empty()
                : Optional.of(value.getValue());
    }
}
