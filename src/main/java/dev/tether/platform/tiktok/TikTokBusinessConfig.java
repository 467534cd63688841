package dev.tether.platform.tiktok;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * TikTok API for Business endpoints used by {@code tiktok_business}; each can point elsewhere, for tests or a
 * proxy. The prefix is the platform's name, as for every platform ({@code tether.platforms.<platform>}).
 */
@ConfigMapping(prefix = "tether.platforms.tiktok_business")
public interface TikTokBusinessConfig {

    /** Consent page (the same Login Kit page as {@code tiktok}). */
    @WithDefault("https://www.tiktok.com/v2/auth/authorize/")
    String authorizeUrl();

    /** Token endpoint for TikTok account holders (JSON body with {@code auth_code}). */
    @WithDefault("https://business-api.tiktok.com/open_api/v1.3/tt_user/oauth2/token/")
    String tokenUrl();

    /** The business account's profile ({@code business/get}, authenticated with an {@code Access-Token} header). */
    @WithDefault("https://business-api.tiktok.com/open_api/v1.3/business/get/")
    String businessGetUrl();
}
