package dev.tether.platform.linkedin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** LinkedIn endpoints; each can point elsewhere, for tests, a proxy or LinkedIn's versioned {@code /rest} API. */
@ConfigMapping(prefix = "tether.platforms.linkedin")
public interface LinkedInConfig {

    /** OAuth 2.0 consent page. */
    @WithDefault("https://www.linkedin.com/oauth/v2/authorization")
    String authorizeUrl();

    /** OAuth 2.0 token endpoint. */
    @WithDefault("https://www.linkedin.com/oauth/v2/accessToken")
    String tokenUrl();

    /** OpenID Connect profile of the member (needs the {@code openid} and {@code profile} scopes). */
    @WithDefault("https://api.linkedin.com/v2/userinfo")
    String userinfoUrl();

    /** The member's basic profile, used when the connection has no {@code openid} scope ({@code r_basicprofile}). */
    @WithDefault("https://api.linkedin.com/v2/me")
    String meUrl();

    /** The member's organization roles, queried with {@code q=roleAssignee}. */
    @WithDefault("https://api.linkedin.com/v2/organizationalEntityAcls")
    String organizationAclsUrl();

    /** Organizations by id: {@code <url>/<id>}. */
    @WithDefault("https://api.linkedin.com/v2/organizations")
    String organizationsUrl();

    /**
     * The {@code LinkedIn-Version} header ({@code YYYYMM}) to send to the API; needed only when the URLs above
     * point at LinkedIn's versioned {@code /rest} API. Not sent when unset.
     */
    Optional<String> apiVersion();
}
