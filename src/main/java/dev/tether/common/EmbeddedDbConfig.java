package dev.tether.common;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The embedded PostgreSQL of the run command and the tests, started before the datasource when enabled and no
 * datasource URL is set. Read at start-up by the launcher in JVM builds; declared here so the settings are
 * documented and validated. Never enable it in production.
 */
@ConfigMapping(prefix = "tether.embedded-db")
public interface EmbeddedDbConfig {

    /** Start an embedded PostgreSQL when no datasource URL is configured. */
    @WithDefault("false")
    boolean enabled();

    /** Where the database files live; kept across restarts unless {@code clean} is set. */
    @WithDefault("data/postgres")
    Path dataDir();

    /** Where the PostgreSQL binaries are unpacked. */
    @WithDefault("target/embedded-postgres")
    Path workDir();

    /** Port to listen on; empty or 0 picks a free one. */
    Optional<Integer> port();

    /** Use a fresh data directory under {@code data-dir} and delete it at exit (the tests). */
    @WithDefault("false")
    boolean clean();
}
