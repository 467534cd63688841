package dev.tether.platform.facebook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Facebook (Pages) endpoints; each can point elsewhere, for tests or a proxy. */
@ConfigMapping(prefix = "tether.platforms.facebook")
public interface FacebookConfig {

    /** Graph API version used in the default endpoint URLs. */
    @WithDefault("v23.0")
    String graphVersion();

    /** Facebook Login consent dialog. */
    @WithDefault("https://www.facebook.com/${tether.platforms.facebook.graph-version}/dialog/oauth")
    String dialogUrl();

    /** Graph token endpoint: code exchange and the long-lived ({@code fb_exchange_token}) exchange. */
    @WithDefault("https://graph.facebook.com/${tether.platforms.facebook.graph-version}/oauth/access_token")
    String tokenUrl();

    /** The Pages the user manages ({@code /me/accounts}). */
    @WithDefault("https://graph.facebook.com/${tether.platforms.facebook.graph-version}/me/accounts")
    String accountsUrl();
}
