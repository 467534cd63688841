package dev.tether.connection;

import java.time.Instant;
import java.util.List;

/** A connection attempt as the API shows it; secrets and the state hash are never part of it. */
public record AttemptView(
        String id,
        String platform,
        String variant,
        AttemptStatus status,
        String externalId,
        List<String> permissions,
        List<String> scopes,
        String redirectUri,
        String error,
        List<String> accountIds,
        List<String> failedAccountIds,
        Instant createdAt,
        Instant lastActivityAt,
        Instant completedAt,
        Instant abandonedAt,
        Instant secretsPurgedAt) {

    public static AttemptView of(ConnectionAttempt attempt) {
        return new AttemptView(attempt.id, attempt.platform, attempt.variant, attempt.status, attempt.externalId,
                List.of(attempt.permissions), List.of(attempt.scopes), attempt.redirectUri, attempt.error,
                List.of(attempt.accountIds), List.of(attempt.failedAccountIds), attempt.createdAt,
                attempt.lastActivityAt, attempt.completedAt, attempt.abandonedAt, attempt.secretsPurgedAt);
    }
}
