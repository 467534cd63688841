package dev.tether.connection;

import static dev.tether.support.Api.app;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.callback;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.Api.sandboxConsent;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** The attempt job, run directly with a controlled "now". */
@QuarkusTest
class AttemptSweeperTest {

    @Inject
    AttemptSweeper sweeper;

    @Inject
    AttemptsConfig config;

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.sandboxProject();
    }

    @Test
    void pendingAttemptIsAbandonedOnlyAfterTheInactivityTimeout() {
        Link link = authUrl(project, "sandbox");
        Instant created = createdAt(link);

        sweep(created.plus(config.abandonAfter()).minusSeconds(1));
        assertThat(status(link)).isEqualTo("pending");

        sweep(created.plus(config.abandonAfter()).plusSeconds(1));
        Map<String, Object> row = db.row("select status, abandoned_at from connection_attempt where id = ?", link.attemptId());
        assertThat(row).containsEntry("status", "abandoned");
        assertThat(row.get("abandoned_at")).isNotNull();
        app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then()
                .body("status", org.hamcrest.Matchers.equalTo("abandoned"))
                .body("abandoned_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void abandonedAttemptStillCompletesWhenTheUserComesBackLate() {
        Link link = authUrl(project, "sandbox");
        sweep(createdAt(link).plus(config.abandonAfter()).plusSeconds(60));
        assertThat(status(link)).isEqualTo("abandoned");

        Map<String, String> params = redirectParams(callback(sandboxConsent(link, "approve")));

        assertThat(params).containsEntry("isSuccess", "true");
        assertThat(status(link)).isEqualTo("succeeded");
    }

    @Test
    void attemptStuckInProcessingAfterACrashIsFailed() {
        Link link = authUrl(project, "sandbox");
        Instant crashedAt = createdAt(link).plusSeconds(5);
        db.update("update connection_attempt set status = 'processing', last_activity_at = ? where id = ?",
                java.sql.Timestamp.from(crashedAt), link.attemptId());

        sweep(crashedAt.plus(config.processingTimeout()).minusSeconds(1));
        assertThat(status(link)).isEqualTo("processing");

        sweep(crashedAt.plus(config.processingTimeout()).plusSeconds(1));
        Map<String, Object> row = db.row("select status, error, completed_at, code_verifier from connection_attempt where id = ?",
                link.attemptId());
        assertThat(row).containsEntry("status", "failed").containsEntry("error", AttemptSweeper.INTERRUPTED);
        assertThat(row.get("completed_at")).isNotNull();
        assertThat(row.get("code_verifier")).isNull();
    }

    @Test
    void purgedAttemptHasNoSecretsLeftAndItsLinkIsDead() {
        Link link = authUrl(project, "sandbox");
        String toCallback = sandboxConsent(link, "approve"); // the user got as far as the platform's redirect

        sweep(createdAt(link).plus(config.retention()).plusSeconds(1));

        Map<String, Object> row = db.row("select attempt_key_hash, code_verifier, platform_secret, secrets_purged_at"
                + " from connection_attempt where id = ?", link.attemptId());
        assertThat(row.get("attempt_key_hash")).isNull();
        assertThat(row.get("code_verifier")).isNull();
        assertThat(row.get("secrets_purged_at")).isNotNull();
        assertThat(redirectParams(callback(toCallback))).containsEntry("isSuccess", "false")
                .containsEntry("error", CallbackStateTest.LINK_UNUSABLE);
        Api.browse(link.url()).then().statusCode(400); // the sandbox no longer knows the link either
    }

    @Test
    void completedAttemptsKeepTheirOutcomeThroughEverySweep() {
        Link link = authUrl(project, "sandbox");
        redirectParams(callback(sandboxConsent(link, "approve")));

        sweep(createdAt(link).plus(Duration.ofDays(30)));

        assertThat(status(link)).isEqualTo("succeeded");
    }

    private void sweep(Instant now) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> sweeper.sweep(now));
        } catch (Throwable e) {
            throw new AssertionError("the attempt job failed", e);
        }
    }

    private Instant createdAt(Link link) {
        return (Instant) db.row("select created_at from connection_attempt where id = ?", link.attemptId()).get("created_at");
    }

    private String status(Link link) {
        return (String) db.row("select status from connection_attempt where id = ?", link.attemptId()).get("status");
    }
}
