package dev.tether.platform.instagram;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Instagram endpoints for both ways in: Instagram Login (variant {@code instagram}) and Facebook Login
 * (variant {@code facebook}). Each can point elsewhere, for tests or a proxy.
 */
@ConfigMapping(prefix = "tether.platforms.instagram")
public interface InstagramConfig {

    /** Graph API version used in the default endpoint URLs. */
    @WithDefault("v23.0")
    String graphVersion();

    /** Instagram Login consent page. */
    @WithDefault("https://www.instagram.com/oauth/authorize")
    String authorizeUrl();

    /** Instagram Login code exchange (form POST). */
    @WithDefault("https://api.instagram.com/oauth/access_token")
    String tokenUrl();

    /** Instagram Login long-lived token exchange ({@code ig_exchange_token}). */
    @WithDefault("https://graph.instagram.com/access_token")
    String exchangeUrl();

    /** The Instagram Login user's profile ({@code /me}). */
    @WithDefault("https://graph.instagram.com/${tether.platforms.instagram.graph-version}/me")
    String profileUrl();

    /** Facebook Login consent dialog (variant {@code facebook}). */
    @WithDefault("https://www.facebook.com/${tether.platforms.instagram.graph-version}/dialog/oauth")
    String facebookDialogUrl();

    /** Facebook Graph token endpoint: code exchange and long-lived exchange (variant {@code facebook}). */
    @WithDefault("https://graph.facebook.com/${tether.platforms.instagram.graph-version}/oauth/access_token")
    String facebookTokenUrl();

    /** The user's Facebook Pages with their linked Instagram accounts (variant {@code facebook}). */
    @WithDefault("https://graph.facebook.com/${tether.platforms.instagram.graph-version}/me/accounts")
    String facebookAccountsUrl();
}
