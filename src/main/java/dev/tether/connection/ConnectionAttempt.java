package dev.tether.connection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One authorization link and what became of it. The value that identifies it in the platform's redirect
 * (the {@code state}) is stored only as a hash; the PKCE verifier and any platform secret are encrypted and
 * cleared once the attempt completes or its retention ends.
 */
@Entity
@Table(name = "connection_attempt")
public class ConnectionAttempt extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public String platform;

    @Column(nullable = false)
    public String variant;

    @Column(name = "attempt_key_hash")
    public String attemptKeyHash;

    @Column(name = "code_verifier")
    public byte[] codeVerifier;

    @Column(name = "platform_secret")
    public byte[] platformSecret;

    @Column(name = "external_id")
    public String externalId;

    @Column(nullable = false)
    public String[] permissions;

    @Column(nullable = false)
    public String[] scopes;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "redirect_override", nullable = false)
    public boolean redirectOverride;

    @Column(nullable = false)
    public AttemptStatus status;

    public String error;

    @Column(name = "account_ids", nullable = false)
    public String[] accountIds;

    @Column(name = "failed_account_ids", nullable = false)
    public String[] failedAccountIds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "abandoned_at")
    public Instant abandonedAt;

    @Column(name = "secrets_purged_at")
    public Instant secretsPurgedAt;

    public static String codeVerifierContext(String id) {
        return "connection_attempt.code_verifier:" + id;
    }

    public static String platformSecretContext(String id) {
        return "connection_attempt.platform_secret:" + id;
    }
}
