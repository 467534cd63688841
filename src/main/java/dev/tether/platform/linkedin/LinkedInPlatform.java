package dev.tether.platform.linkedin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackParams;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformData;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.Tokens;
import dev.tether.platform.oauth.OAuth2Tokens;
import dev.tether.platform.oauth.PlatformHttp;
import dev.tether.platform.oauth.Scopes;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/**
 * LinkedIn: the member's personal profile, plus one account per organization (company page) the member
 * administers, all sharing the member's tokens.
 * <p>
 * {@code platform_data.linkedin.connection_type} ({@code personal}, the default, or {@code organization})
 * only selects the scopes. What the callback lists follows from the scopes of the connection: the profile
 * comes from OpenID Connect {@code userinfo} when {@code openid} was granted, else from {@code /v2/me}
 * ({@code r_basicprofile}); organizations are listed when an organization-admin scope was granted
 * ({@code organization}, or {@code personal} with {@code feeds}, which adds {@code rw_organization_admin}).
 * A personal connection without such a scope does not try: LinkedIn would refuse the organization lookup.
 */
@ApplicationScoped
public class LinkedInPlatform implements Platform {

    public static final String NAME = "linkedin";
    static final String PERSONAL = "personal";
    static final String ORGANIZATION = "organization";
    static final List<String> PERSONAL_SCOPES = List.of("openid", "profile", "email", "w_member_social");
    static final List<String> ORGANIZATION_SCOPES = List.of("r_basicprofile", "w_member_social",
            "r_organization_social", "w_organization_social", "rw_organization_admin");
    static final List<String> FEEDS_SCOPES = List.of("r_member_postAnalytics", "rw_organization_admin");
    /** Scopes that allow reading the member's organization roles. */
    private static final Set<String> ORGANIZATION_ADMIN_SCOPES = Set.of("rw_organization_admin", "r_organization_admin");
    /** Organization roles that may publish as the page. */
    static final List<String> ROLES = List.of("ADMINISTRATOR", "CONTENT_ADMINISTRATOR");
    static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 20;
    private static final int LOOKUP_CONCURRENCY = 4;
    private static final String ORGANIZATION_URN = "urn:li:organization:";
    private static final String ME_PROJECTION =
            "(id,localizedFirstName,localizedLastName,vanityName,profilePicture(displayImage~:playableStreams))";
    private static final String ORGANIZATION_PROJECTION = "(id,localizedName,vanityName,logoV2(original~:playableStreams))";
    static final String CANCELLED = "access_denied: the user cancelled the authorization";
    static final String PROFILE_STEP = "profile lookup";
    static final String ACL_STEP = "organization listing";

    private final LinkedInConfig config;
    private final PlatformHttp http;
    private final Clock clock;

    public LinkedInPlatform(LinkedInConfig config, PlatformHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * LinkedIn has one kind of app credentials; {@code connection_type} is validated here (so a bad value is a
     * 400 before anything else) but selects scopes, not credentials.
     */
    @Override
    public Optional<String> requestedVariant(JsonNode platformData) {
        connectionType(platformData);
        return Optional.empty();
    }

    @Override
    public List<String> scopes(String variant, Set<Permission> permissions, JsonNode platformData) {
        List<String> defaults = ORGANIZATION.equals(connectionType(platformData)) ? ORGANIZATION_SCOPES : PERSONAL_SCOPES;
        return Scopes.resolve(NAME, defaults, FEEDS_SCOPES, permissions, platformData);
    }

    static String connectionType(JsonNode platformData) {
        return PlatformData.connectionType(NAME, platformData, List.of(PERSONAL, ORGANIZATION)).orElse(PERSONAL);
    }

    /** LinkedIn's cancel button on the consent page answers {@code error=user_cancelled_authorize}. */
    @Override
    public Optional<String> redirectError(CallbackParams params) {
        if (params.first("error").filter("user_cancelled_authorize"::equals).isPresent()) {
            return Optional.of(CANCELLED);
        }
        return params.oauthError();
    }

    @Override
    public Uni<AuthorizationLink> authorizationLink(LinkRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", request.credentials().clientId());
        query.put("redirect_uri", request.redirectUri());
        query.put("state", request.state());
        query.put("scope", String.join(" ", request.scopes()));
        return Uni.createFrom().item(AuthorizationLink.of(Urls.withQuery(config.authorizeUrl(), query)));
    }

    @Override
    public Uni<List<PlatformAccount>> connect(CallbackRequest request) {
        String code = request.params().first("code")
                .orElseThrow(() -> new PlatformException("LinkedIn sent no authorization code"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", request.redirectUri());
        form.put("client_id", request.credentials().clientId());
        form.put("client_secret", request.credentials().clientSecret());
        return http.postForm(OAuth2Tokens.STEP, config.tokenUrl(), form, Map.of())
                .map(OAuth2Tokens::requireTokenResponse)
                .flatMap(body -> {
                    Tokens tokens = OAuth2Tokens.parse(body, clock);
                    Set<String> scopes = grantedScopes(body, request.scopes());
                    Map<String, String> headers = headers(tokens.accessToken());
                    Uni<PlatformAccount> personal = scopes.contains("openid")
                            ? http.getOk(PROFILE_STEP, config.userinfoUrl(), headers).map(info -> fromUserinfo(info, tokens))
                            : http.getOk(PROFILE_STEP, config.meUrl() + "?projection=" + ME_PROJECTION, headers)
                                    .map(me -> fromMe(me, tokens));
                    boolean organizations = scopes.stream().anyMatch(ORGANIZATION_ADMIN_SCOPES::contains);
                    return personal.flatMap(member -> !organizations
                            ? Uni.createFrom().item(List.of(member))
                            : organizationIds(headers).flatMap(ids -> organizations(ids, headers, tokens))
                                    .map(pages -> {
                                        List<PlatformAccount> all = new ArrayList<>();
                                        all.add(member);
                                        all.addAll(pages);
                                        return all;
                                    }));
                });
    }

    /** The scopes the token response says were granted (LinkedIn separates them with commas), else those asked for. */
    private static Set<String> grantedScopes(JsonNode tokenBody, List<String> requested) {
        String granted = OAuth2Tokens.text(tokenBody, "scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (granted != null) {
            for (String scope : granted.split("[,\\s]+")) {
                if (!scope.isBlank()) {
                    scopes.add(scope);
                }
            }
        }
        return scopes.isEmpty() ? new LinkedHashSet<>(requested) : scopes;
    }

    private Map<String, String> headers(String accessToken) {
        Map<String, String> headers = new LinkedHashMap<>(PlatformHttp.bearer(accessToken));
        headers.put("X-Restli-Protocol-Version", "2.0.0");
        config.apiVersion().filter(version -> !version.isBlank())
                .ifPresent(version -> headers.put("LinkedIn-Version", version));
        return headers;
    }

    // ---------------------------------------------------------------- the member

    private static PlatformAccount fromUserinfo(JsonNode info, Tokens tokens) {
        String sub = OAuth2Tokens.text(info, "sub");
        if (sub == null) {
            throw new PlatformException(PROFILE_STEP + " failed: LinkedIn returned no member id");
        }
        String name = OAuth2Tokens.text(info, "name");
        if (name == null) {
            name = fullName(OAuth2Tokens.text(info, "given_name"), OAuth2Tokens.text(info, "family_name"));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", PERSONAL);
        return PlatformAccount.connected(sub, name, OAuth2Tokens.text(info, "picture"), tokens, metadata);
    }

    private static PlatformAccount fromMe(JsonNode me, Tokens tokens) {
        String id = OAuth2Tokens.text(me, "id");
        if (id == null) {
            throw new PlatformException(PROFILE_STEP + " failed: LinkedIn returned no member id");
        }
        String vanity = OAuth2Tokens.text(me, "vanityName");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", PERSONAL);
        metadata.put("profile_slug", vanity);
        metadata.put("profile_url", vanity == null ? null : "https://www.linkedin.com/in/" + Urls.encode(vanity));
        return PlatformAccount.connected(id,
                fullName(OAuth2Tokens.text(me, "localizedFirstName"), OAuth2Tokens.text(me, "localizedLastName")),
                largestImage(me.path("profilePicture").path("displayImage~")), tokens, metadata);
    }

    private static String fullName(String first, String last) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return name.isEmpty() ? null : name;
    }

    // ---------------------------------------------------------------- organizations

    /** The ids of the organizations the member administers, in both publishing roles, every page, de-duplicated. */
    private Uni<List<String>> organizationIds(Map<String, String> headers) {
        Set<String> ids = new LinkedHashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String role : ROLES) {
            chain = chain.chain(() -> aclPages(role, 0, 0, ids, headers));
        }
        return chain.map(ignored -> List.copyOf(ids));
    }

    private Uni<Void> aclPages(String role, int start, int page, Set<String> ids, Map<String, String> headers) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", "roleAssignee");
        query.put("role", role);
        query.put("state", "APPROVED");
        query.put("start", Integer.toString(start));
        query.put("count", Integer.toString(PAGE_SIZE));
        return http.getOk(ACL_STEP, Urls.withQuery(config.organizationAclsUrl(), query), headers).flatMap(body -> {
            JsonNode elements = body.path("elements");
            for (JsonNode element : elements) {
                String urn = OAuth2Tokens.text(element, "organizationalTarget");
                if (urn == null) {
                    urn = OAuth2Tokens.text(element, "organization");
                }
                if (urn != null && urn.startsWith(ORGANIZATION_URN) && urn.length() > ORGANIZATION_URN.length()) {
                    ids.add(urn.substring(ORGANIZATION_URN.length()));
                }
            }
            int next = start + elements.size();
            JsonNode total = body.path("paging").path("total");
            boolean more = elements.size() > 0 && (total.isNumber() ? next < total.asInt() : elements.size() >= PAGE_SIZE);
            if (!more || page + 1 >= MAX_PAGES) {
                return Uni.createFrom().voidItem();
            }
            return aclPages(role, next, page + 1, ids, headers);
        });
    }

    private Uni<List<PlatformAccount>> organizations(List<String> ids, Map<String, String> headers, Tokens tokens) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<PlatformAccount>> lookups = ids.stream().map(id -> organization(id, headers, tokens)).toList();
        return Uni.join().all(lookups).usingConcurrencyOf(LOOKUP_CONCURRENCY).andFailFast();
    }

    /** One organization as an account; one LinkedIn will not show is a refused account, not a failed connection. */
    private Uni<PlatformAccount> organization(String id, Map<String, String> headers, Tokens tokens) {
        String url = config.organizationsUrl().replaceAll("/+$", "") + "/" + Urls.encode(id) + "?projection="
                + ORGANIZATION_PROJECTION;
        return http.get("organization lookup", url, headers)
                .map(response -> response.ok()
                        ? organizationAccount(id, response.body(), tokens)
                        : refused(id, PlatformHttp.describeError(response)))
                .onFailure(PlatformException.class)
                .recoverWithItem(failure -> refused(id, failure.getMessage()));
    }

    private static PlatformAccount organizationAccount(String id, JsonNode org, Tokens tokens) {
        String vanity = OAuth2Tokens.text(org, "vanityName");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", "page");
        metadata.put("profile_slug", vanity);
        metadata.put("profile_url", "https://www.linkedin.com/company/" + Urls.encode(vanity != null ? vanity : id));
        return PlatformAccount.connected(id, OAuth2Tokens.text(org, "localizedName"),
                largestImage(org.path("logoV2").path("original~")), tokens, metadata);
    }

    private static PlatformAccount refused(String id, String reason) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", "page");
        metadata.put("profile_url", "https://www.linkedin.com/company/" + Urls.encode(id));
        return PlatformAccount.refused(id, null, null,
                PlatformErrors.clean("LinkedIn organization " + id + " could not be read: " + reason), metadata);
    }

    /** The last (largest) rendition of a LinkedIn image resolved with {@code ~:playableStreams}. */
    private static String largestImage(JsonNode resolved) {
        String url = null;
        for (JsonNode element : resolved.path("elements")) {
            String identifier = OAuth2Tokens.text(element.path("identifiers").path(0), "identifier");
            if (identifier != null) {
                url = identifier;
            }
        }
        return url;
    }
}
