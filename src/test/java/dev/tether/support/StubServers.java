package dev.tether.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * The platforms' side of every test, started once for the whole suite: a real OAuth 2.0 server
 * (mock-oauth2-server, which checks PKCE and the redirect URI) and WireMock for each platform's API.
 * <p>
 * X's token endpoint is a WireMock proxy in front of the OAuth server, so tests can both rely on real
 * OAuth checks and count or fail the token requests. Platform tests stub their own paths under
 * {@code /<platform>/…} on WireMock; {@link #wireMock()} gives them the server.
 */
public class StubServers implements QuarkusTestResourceLifecycleManager {

    /** The mock-oauth2-server issuer that plays X. */
    public static final String X_ISSUER = "x";

    private static WireMockServer wireMock;
    private static MockOAuth2Server oauth2;

    @Override
    public Map<String, String> start() {
        if (wireMock == null) {
            wireMock = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
            wireMock.start();
            oauth2 = new MockOAuth2Server();
            oauth2.start();
        }
        resetStubs();
        String stub = wireMock.baseUrl();
        Map<String, String> config = new HashMap<>();
        config.put("test.stub-url", stub);
        config.put("tether.platforms.x.authorize-url", oauth2.authorizationEndpointUrl(X_ISSUER).toString());
        config.put("tether.platforms.x.token-url", stub + "/x/2/oauth2/token");
        config.put("tether.platforms.x.users-me-url", stub + "/x/2/users/me");
        config.put("tether.platforms.x.request-token-url", stub + "/x/oauth/request_token");
        config.put("tether.platforms.x.oauth1-authorize-url", stub + "/x/oauth/authorize");
        config.put("tether.platforms.x.access-token-url", stub + "/x/oauth/access_token");
        return config;
    }

    /** Back to the default stubs: X's token endpoint proxied to the real OAuth server. */
    public static void resetStubs() {
        wireMock.resetAll();
        String issuer = oauth2.issuerUrl(X_ISSUER).toString();
        wireMock.stubFor(post(urlEqualTo("/x/2/oauth2/token"))
                .willReturn(aResponse().proxiedFrom(issuer).withProxyUrlPrefixToRemove("/x/2/oauth2")));
    }

    public static WireMockServer wireMock() {
        return wireMock;
    }

    public static MockOAuth2Server oauth2() {
        return oauth2;
    }

    @Override
    public void stop() {
        // Shared by every Quarkus start of the run; the JVM's exit stops both servers.
    }
}
