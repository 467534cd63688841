package dev.tether.platform.facebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Facebook Pages through Facebook Login: one account per Page the user manages, each with its Page access
 * token. A Page listed without a token (the user may not publish on it) is a refused account.
 */
@ApplicationScoped
public class FacebookPlatform implements Platform {

    public static final String NAME = "facebook";
    static final List<String> DEFAULT_SCOPES = List.of("public_profile", "pages_show_list", "pages_read_engagement",
            "pages_manage_posts", "business_management");
    static final List<String> FEEDS_SCOPES = List.of("read_insights");
    static final String PAGE_FIELDS = "name,access_token,picture";

    private final FacebookConfig config;
    private final MetaGraph graph;

    public FacebookPlatform(FacebookConfig config, MetaGraph graph) {
        this.config = config;
        this.graph = graph;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return Scopes.resolve(NAME, DEFAULT_SCOPES, FEEDS_SCOPES, permissions, platformData);
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        return Uni.createFrom().item(MetaGraph.authorizationLink(config.dialogUrl(), request));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        return graph.facebookLogin(config.tokenUrl(), config.accountsUrl(), PAGE_FIELDS, request)
                .map(FacebookPlatform::accounts);
    }

    private static List<PlatformAccount> accounts(MetaGraph.PageListing listing) {
        List<PlatformAccount> accounts = new ArrayList<>();
        for (JsonNode page : listing.pages()) {
            String id = OAuth2Tokens.text(page, "id");
            if (id == null) {
                continue;
            }
            String name = OAuth2Tokens.text(page, "name");
            String photo = OAuth2Tokens.text(page.path("picture").path("data"), "url");
            String pageToken = OAuth2Tokens.text(page, "access_token");
            if (pageToken == null) {
                String label = name == null ? "Page " + id : PlatformErrors.clean(name);
                accounts.add(PlatformAccount.refused(id, name, photo, label
                        + ": Facebook gave no access token for this Page; the user may not publish on it",
                        new LinkedHashMap<>()));
                continue;
            }
            // A Page token derived from a long-lived user token lasts as long as the user's grant: report that.
            Tokens tokens = new Tokens(pageToken, null, listing.userToken().expiresAt(), null);
            accounts.add(PlatformAccount.connected(id, name, photo, tokens, new LinkedHashMap<>()));
        }
        if (accounts.isEmpty()) {
            throw new PlatformException("No Facebook Pages found: the user manages no Page, or granted access to none");
        }
        return accounts;
    }
}
