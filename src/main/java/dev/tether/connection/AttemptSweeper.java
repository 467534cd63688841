package dev.tether.connection;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The attempt job: marks idle pending attempts abandoned, fails attempts left in processing by a crashed
 * instance, and erases the secrets of attempts past their retention (their links die). Each rule is one
 * set-based statement in its own short transaction, so any number of instances can run it at once.
 */
@ApplicationScoped
public class AttemptSweeper {

    private static final Logger LOG = Logger.getLogger(AttemptSweeper.class);
    static final String INTERRUPTED = "The connection was interrupted before it completed; create a new link";

    /** How many attempts each rule changed in one run. */
    public record Result(int abandoned, int failed, int purged) {
    }

    private final ConnectionAttemptRepository attempts;
    private final AttemptsConfig config;
    private final Clock clock;

    public AttemptSweeper(ConnectionAttemptRepository attempts, AttemptsConfig config, Clock clock) {
        this.attempts = attempts;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "attempt-sweeper", every = "${tether.attempts.sweep-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep(clock.instant())
                .invoke(result -> {
                    if (result.abandoned() + result.failed() + result.purged() > 0) {
                        LOG.infof("Attempt job: %d abandoned, %d failed after a crash, %d purged",
                                result.abandoned(), result.failed(), result.purged());
                    }
                })
                .onFailure().invoke(failure -> LOG.error("Attempt job failed; it will run again", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One run of the job as of {@code now}. */
    public Uni<Result> sweep(Instant now) {
        return Panache.withTransaction(() -> attempts.abandonIdle(now.minus(config.abandonAfter()), now))
                .chain(abandoned -> Panache.withTransaction(
                        () -> attempts.failStuck(now.minus(config.processingTimeout()), now, INTERRUPTED))
                        .chain(failed -> Panache.withTransaction(
                                () -> attempts.purgeSecrets(now.minus(config.retention()), now))
                                .map(purged -> new Result(abandoned, failed, purged))));
    }
}
