package dev.tether.common;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Warns when the embedded database is switched on in a production launch, where it is not meant to run. */
public class EmbeddedDbGuard {

    private static final Logger LOG = Logger.getLogger(EmbeddedDbGuard.class);

    void onStart(@Observes StartupEvent event, EmbeddedDbConfig config) {
        if (config.enabled() && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("tether.embedded-db.enabled is on in a production launch: configure QUARKUS_DATASOURCE_* "
                    + "for a real PostgreSQL; native builds never contain the embedded database");
        }
    }
}
