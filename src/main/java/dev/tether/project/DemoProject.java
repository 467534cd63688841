package dev.tether.project;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tether.common.TetherConfig;
import dev.tether.platform.PlatformRegistry;
import dev.tether.platform.sandbox.SandboxPlatform;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;

/**
 * On the run command's first start, creates a demo project with sandbox credentials and an API key, and
 * prints its id and key so the README walkthrough works by copy and paste. Later starts print the id again.
 */
public class DemoProject {

    private static final Logger LOG = Logger.getLogger(DemoProject.class);

    /** The demo project's fixed id. */
    public static final String ID = "proj_demo";

    @ConfigMapping(prefix = "tether.demo")
    public interface DemoConfig {

        /** Create the demo project at start-up (on for the run command, off in production). */
        @WithDefault("false")
        boolean enabled();

        /** Where the demo project sends users back to: by default a page that shows the redirect's parameters. */
        @WithDefault("${tether.public-base-url}/sandbox/demo-app/connected")
        String callbackUrl();
    }

    void onStart(@Observes StartupEvent event, DemoConfig demo, TetherConfig tether, ProjectRepository projects,
            ProjectService service, CredentialService credentials, PlatformRegistry platforms) throws Throwable {
        if (!demo.enabled()) {
            return;
        }
        Optional<String> createdKey = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> projects.findById(ID)).chain(existing -> existing != null
                        ? Uni.createFrom().item(Optional.<String>empty())
                        : create(demo, service, credentials, platforms)));
        String base = tether.publicBaseUrl().replaceAll("/+$", "");
        StringBuilder banner = new StringBuilder("\n\n  Tether demo project: ").append(ID).append('\n');
        if (createdKey.isPresent()) {
            banner.append("  API key (shown once): ").append(createdKey.get()).append('\n');
        } else {
            banner.append("  Its API key was printed at first start. Make another with:\n")
                    .append("    curl -s -X POST ").append(base).append("/admin/projects/").append(ID)
                    .append("/api-keys -H 'Authorization: Bearer <tether.admin-token>'\n");
        }
        banner.append("  Swagger UI: ").append(base).append("/q/swagger-ui\n");
        LOG.info(banner);
    }

    private static Uni<Optional<String>> create(DemoConfig demo, ProjectService service, CredentialService credentials,
            PlatformRegistry platforms) {
        return service.create(ID, "Tether demo", demo.callbackUrl()).chain(() -> platforms.find(SandboxPlatform.NAME)
                .map(sandbox -> credentials.put(ID, sandbox, sandbox.variants().get(0), "demo-client", "demo-secret")
                        .replaceWithVoid())
                .orElse(Uni.createFrom().voidItem()))
                .chain(() -> service.createKey(ID, "demo"))
                .map(created -> Optional.of(created.plaintext()));
    }
}
