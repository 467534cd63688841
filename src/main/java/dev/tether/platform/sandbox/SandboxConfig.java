package dev.tether.platform.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The built-in sandbox platform: a consent page, token endpoint and account API served by Tether itself. */
@ConfigMapping(prefix = "tether.platforms.sandbox")
public interface SandboxConfig {

    /** Whether the sandbox platform and its pages exist (on in dev and test, off in production by default). */
    @WithDefault("false")
    boolean enabled();

    /** The sandbox consent page. */
    @WithDefault("${tether.public-base-url}/sandbox/oauth/authorize")
    String authorizeUrl();

    /** The sandbox token endpoint, called over HTTP like any platform's. */
    @WithDefault("${tether.public-base-url}/sandbox/oauth/token")
    String tokenUrl();

    /** The sandbox account listing, called over HTTP with the access token. */
    @WithDefault("${tether.public-base-url}/sandbox/api/accounts")
    String accountsUrl();
}
