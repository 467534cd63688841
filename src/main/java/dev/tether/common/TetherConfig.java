package dev.tether.common;

import io.smallrye.config.ConfigMapping;

/** Service-wide settings. Platform, attempt and webhook settings live beside the code that uses them. */
@ConfigMapping(prefix = "tether")
public interface TetherConfig {

    /** Operator token for {@code /admin/**} (env {@code TETHER_ADMIN_TOKEN}). Required. */
    String adminToken();

    /** Externally visible base URL; OAuth redirect URIs are built from it (env {@code TETHER_PUBLIC_BASE_URL}). */
    String publicBaseUrl();

    /** Base64 of 32 random bytes: the AES-256-GCM key for secrets at rest (env {@code TETHER_ENCRYPTION_KEY}). Required. */
    String encryptionKey();
}
