package dev.tether.account;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A connected (or once connected) platform account of a project's user. One row per project, platform and
 * platform user id; tokens and app passwords are AES-256-GCM encrypted, bound to the row's id.
 */
@Entity
@Table(name = "social_account")
public class SocialAccount extends PanacheEntityBase {

    public static final String CONNECTED = "connected";
    public static final String DISCONNECTED = "disconnected";

    /**
     * The metadata key under which the hosted API keeps a Bluesky app password. Tether keeps app passwords only
     * in the encrypted {@code app_password} column: never in metadata, never in an answer or a webhook.
     */
    public static final String APP_PASSWORD_METADATA_KEY = "bluesky_app_password";

    @Id
    public String id;

    @Column(name = "project_id", nullable = false)
    public String projectId;

    @Column(nullable = false)
    public String platform;

    @Column(name = "user_id", nullable = false)
    public String userId;

    public String username;

    @Column(name = "profile_photo_url")
    public String profilePhotoUrl;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "access_token")
    public byte[] accessToken;

    @Column(name = "refresh_token")
    public byte[] refreshToken;

    @Column(name = "app_password")
    public byte[] appPassword;

    @Column(name = "access_token_expires_at")
    public Instant accessTokenExpiresAt;

    @Column(name = "refresh_token_expires_at")
    public Instant refreshTokenExpiresAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;

    @Column(nullable = false)
    public String status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static String accessTokenContext(String id) {
        return "social_account.access_token:" + id;
    }

    public static String refreshTokenContext(String id) {
        return "social_account.refresh_token:" + id;
    }

    public static String appPasswordContext(String id) {
        return "social_account.app_password:" + id;
    }
}
