package dev.tether.platform.instagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformData;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.facebook.MetaGraph;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Instagram professional accounts, two ways in. Variant {@code instagram} (Instagram Login): one account, the
 * user who signed in. Variant {@code facebook} (Facebook Login): one account per Facebook Page of the user that
 * has a linked Instagram account. Accounts are stored as platform {@code instagram} either way, with
 * {@code metadata.connection_type} saying which.
 */
@ApplicationScoped
public class InstagramPlatform implements Platform {

    public static final String NAME = "instagram";
    public static final String INSTAGRAM = "instagram";
    public static final String FACEBOOK = "facebook";
    static final List<String> INSTAGRAM_SCOPES = List.of("instagram_business_basic",
            "instagram_business_content_publish");
    static final List<String> INSTAGRAM_FEEDS_SCOPES = List.of("instagram_business_manage_insights");
    static final List<String> FACEBOOK_SCOPES = List.of("instagram_basic", "instagram_content_publish",
            "pages_show_list", "public_profile", "business_management");
    static final List<String> FACEBOOK_FEEDS_SCOPES = List.of("pages_read_engagement", "instagram_manage_insights");
    static final String PAGE_FIELDS = "name,instagram_business_account{id,name,username,profile_picture_url}";
    static final String PROFILE_FIELDS = "user_id,username,profile_picture_url";

    private final InstagramConfig config;
    private final MetaGraph graph;

    public InstagramPlatform(InstagramConfig config, MetaGraph graph) {
        this.config = config;
        this.graph = graph;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> variants() {
        return List.of(INSTAGRAM, FACEBOOK);
    }

    @Override
    public Optional<String> requestedVariant(JsonNode platformData) {
        return PlatformData.connectionType(NAME, platformData, variants());
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        return FACEBOOK.equals(variant)
                ? Scopes.resolve(NAME, FACEBOOK_SCOPES, FACEBOOK_FEEDS_SCOPES, permissions, platformData)
                : Scopes.resolve(NAME, INSTAGRAM_SCOPES, INSTAGRAM_FEEDS_SCOPES, permissions, platformData);
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        String url = FACEBOOK.equals(request.variant()) ? config.facebookDialogUrl() : config.authorizeUrl();
        return Uni.createFrom().item(MetaGraph.authorizationLink(url, request));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        return FACEBOOK.equals(request.variant()) ? connectWithFacebook(request) : connectWithInstagram(request);
    }

    // ---------------------------------------------------------------- Instagram Login

    private Uni<List<PlatformAccount>> connectWithInstagram(CallbackRequest request) {
        return graph.loginWithProfile("Instagram", config.tokenUrl(), config.exchangeUrl(), "ig_exchange_token",
                config.profileUrl(), PROFILE_FIELDS, request)
                .map(login -> List.of(instagramAccount(login.grant(), login.token(), login.profile())));
    }

    private static PlatformAccount instagramAccount(JsonNode grant, MetaGraph.UserToken token, JsonNode profile) {
        // user_id is the professional account's id (the one the publishing API takes); id is app-scoped.
        String userId = OAuth2Tokens.text(profile, "user_id");
        if (userId == null) {
            userId = OAuth2Tokens.text(grant, "user_id");
        }
        if (userId == null) {
            throw new PlatformException("profile lookup failed: Instagram returned no user id");
        }
        String username = OAuth2Tokens.text(profile, "username");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", INSTAGRAM);
        return PlatformAccount.connected(userId, username != null ? username : userId,
                OAuth2Tokens.text(profile, "profile_picture_url"), tokens(token), metadata);
    }

    // ---------------------------------------------------------------- Facebook Login

    private Uni<List<PlatformAccount>> connectWithFacebook(CallbackRequest request) {
        return graph.facebookLogin(config.facebookTokenUrl(), config.facebookAccountsUrl(), PAGE_FIELDS, request)
                .map(InstagramPlatform::pageAccounts);
    }

    private static List<PlatformAccount> pageAccounts(MetaGraph.PageListing listing) {
        if (listing.pages().isEmpty()) {
            throw new PlatformException("No Facebook Pages found: Instagram through Facebook Login needs an"
                    + " Instagram professional account linked to a Facebook Page the user manages");
        }
        List<PlatformAccount> accounts = new ArrayList<>();
        for (JsonNode page : listing.pages()) {
            JsonNode instagram = page.path("instagram_business_account");
            String id = OAuth2Tokens.text(instagram, "id");
            if (id == null) {
                continue;
            }
            String username = OAuth2Tokens.text(instagram, "username");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("connection_type", FACEBOOK);
            metadata.put("facebook_page_id", OAuth2Tokens.text(page, "id"));
            accounts.add(PlatformAccount.connected(id, username != null ? username : OAuth2Tokens.text(instagram, "name"),
                    OAuth2Tokens.text(instagram, "profile_picture_url"), tokens(listing.userToken()), metadata));
        }
        if (accounts.isEmpty()) {
            throw new PlatformException("No Instagram account found: none of the user's Facebook Pages has a linked"
                    + " Instagram professional account");
        }
        return accounts;
    }

    /** The long-lived user token; Instagram issues no refresh token (the token itself is refreshed). */
    private static Tokens tokens(MetaGraph.UserToken token) {
        return new Tokens(token.accessToken(), null, token.expiresAt(), null);
    }
}
