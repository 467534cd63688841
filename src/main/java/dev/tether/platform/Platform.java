package dev.tether.platform;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * One social platform: how to send a user to its consent screen, and how to turn its redirect back into
 * accounts. Implementations are CDI beans; {@link PlatformRegistry} finds them. Everything that is the same
 * for every OAuth 2.0 platform lives in {@code platform.oauth} and is composed in, not inherited.
 */
public interface Platform {

    /** The variant name of platforms that have only one kind of app credentials. */
    String DEFAULT_VARIANT = "default";

    /** The normalized name used in API fields, callback paths and stored accounts ({@code x}, {@code facebook}). */
    String name();

    /** False for a platform switched off by configuration (the sandbox in production). */
    default boolean enabled() {
        return true;
    }

    /** The credential variants this platform accepts ({@code oauth1}/{@code oauth2} for X); most have one. */
    default List<String> variants() {
        return List.of(DEFAULT_VARIANT);
    }

    /** Whether a project needs app credentials on this platform (Bluesky signs in with an app password). */
    default boolean requiresCredentials() {
        return true;
    }

    /**
     * The variant the request asks for through {@code platform_data.<platform>.connection_type}, if any.
     * Invalid values are answered with a 400 that names the field.
     */
    default Optional<String> requestedVariant(JsonNode platformData) {
        return Optional.empty();
    }

    /** The scopes to request, from the defaults, {@code permissions} and {@code permission_overrides}. */
    List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData);

    /** Builds the link the user opens. May call the platform (X OAuth 1.0a asks for a request token). */
    Uni<AuthorizationLink> authorizationLink(LinkRequest request);

    /** The value in the platform's redirect that identifies the attempt: OAuth's {@code state} by default. */
    default Optional<String> attemptKey(CallbackParams params) {
        return params.first("state");
    }

    /** A cancellation or error the platform reported in its redirect, as a short clean message. */
    default Optional<String> redirectError(CallbackParams params) {
        return params.oauthError();
    }

    /** Exchanges the code (or equivalent) and lists the accounts the user connected. */
    Uni<List<PlatformAccount>> connect(CallbackRequest request);
}
