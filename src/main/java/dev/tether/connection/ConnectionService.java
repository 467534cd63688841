package dev.tether.connection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.tether.account.AccountStore;
import dev.tether.common.ApiException;
import dev.tether.common.Failures;
import dev.tether.common.Hashing;
import dev.tether.common.Ids;
import dev.tether.common.SecretBox;
import dev.tether.common.TetherConfig;
import dev.tether.common.UrlRules;
import dev.tether.platform.AuthorizationLink;
import dev.tether.platform.CallbackParams;
import dev.tether.platform.CallbackRequest;
import dev.tether.platform.Credentials;
import dev.tether.platform.LinkRequest;
import dev.tether.platform.Permission;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformAccount;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformException;
import dev.tether.platform.PlatformRegistry;
import dev.tether.platform.oauth.Pkce;
import dev.tether.platform.oauth.PlatformHttpConfig;
import dev.tether.project.CredentialService;
import dev.tether.project.Project;
import dev.tether.project.ProjectService;
import dev.tether.webhook.WebhookOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The connection flow: creating authorization links, and completing them when the platform redirects back.
 * <p>
 * A callback claims its attempt in one statement and commits, calls the platform with no transaction open,
 * then stores the accounts and the attempt's outcome in one transaction. Every failure ends as an outcome
 * with a clean message, never as an exception: the user is always sent back to the app.
 */
@ApplicationScoped
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);

    static final String LINK_UNUSABLE = "This connection link is unknown or was already used; create a new link";
    private static final int MAX_EXTERNAL_ID = 255;
    private static final int SECRET_BYTES = 32; // 256 bits for state and the PKCE verifier

    private final PlatformRegistry platforms;
    private final ProjectService projects;
    private final CredentialService credentials;
    private final ConnectionAttemptRepository attempts;
    private final AccountStore accounts;
    private final SecretBox box;
    private final Clock clock;
    private final TetherConfig config;
    private final PlatformHttpConfig httpConfig;
    private final WebhookOutbox webhooks;

    public ConnectionService(PlatformRegistry platforms, ProjectService projects, CredentialService credentials,
            ConnectionAttemptRepository attempts, AccountStore accounts, SecretBox box, Clock clock,
            TetherConfig config, PlatformHttpConfig httpConfig, WebhookOutbox webhooks) {
        this.platforms = platforms;
        this.projects = projects;
        this.credentials = credentials;
        this.attempts = attempts;
        this.accounts = accounts;
        this.box = box;
        this.clock = clock;
        this.config = config;
        this.httpConfig = httpConfig;
        this.webhooks = webhooks;
    }

    // ---------------------------------------------------------------- links

    /** Validates the request, records a new attempt and returns its link. Never reuses a link. */
    public Uni<AuthUrlResponse> createLink(String projectId, AuthUrlRequest request) {
        PlatformRegistry.Selection selection = platforms.select("platform", request.platform());
        Platform platform = selection.platform();
        Set<Permission> permissions = permissions(request.permissions());
        JsonNode platformData = platformData(request.platformData(), platform.name());
        Optional<String> variant = variant(selection, platform, platformData);
        String externalId = externalId(request.externalId());
        String override = request.redirectUrlOverride() == null
                ? null
                : UrlRules.http("redirect_url_override", request.redirectUrlOverride());

        return credentials.resolve(projectId, platform, variant).chain(resolved -> {
            List<String> scopes = platform.scopes(resolved.variant(), permissions, platformData);
            String attemptId = Ids.next(Ids.ATTEMPT);
            String state = box.randomToken(SECRET_BYTES);
            String verifier = box.randomToken(SECRET_BYTES);
            String redirectUri = override != null ? override : callbackUri(projectId, platform.name());
            LinkRequest link = new LinkRequest(projectId, attemptId, resolved.variant(), resolved.credentials(),
                    redirectUri, state, Pkce.challenge(verifier), scopes, platformData);
            return Uni.createFrom().deferred(() -> platform.authorizationLink(link))
                    .onFailure(PlatformException.class)
                    .transform(e -> ApiException.badGateway(platform.name() + ": " + e.getMessage()))
                    .chain(authorization -> Panache.withTransaction(() -> attempts.persist(newAttempt(attemptId,
                            projectId, platform, resolved.variant(), authorization, state, verifier, externalId,
                            permissions, scopes, redirectUri, override != null)))
                            .onFailure(Failures::isUniqueViolation)
                            .transform(e -> ApiException.badGateway(platform.name()
                                    + ": the platform issued an authorization key that is already in use; try again"))
                            .replaceWith(new AuthUrlResponse(authorization.url(), request.platform(), attemptId)));
        });
    }

    /** The redirect URI Tether registers with platforms: the normalized platform name in the path. */
    public String callbackUri(String projectId, String platform) {
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        return base + "/callback/" + projectId + "/" + platform + "/account";
    }

    private ConnectionAttempt newAttempt(String id, String projectId, Platform platform, String variant,
            AuthorizationLink link, String state, String verifier, String externalId, Set<Permission> permissions,
            List<String> scopes, String redirectUri, boolean overridden) {
        Instant now = clock.instant();
        ConnectionAttempt attempt = new ConnectionAttempt();
        attempt.id = id;
        attempt.projectId = projectId;
        attempt.platform = platform.name();
        attempt.variant = variant;
        attempt.attemptKeyHash = Hashing.sha256Hex(link.attemptKey().orElse(state));
        attempt.codeVerifier = box.encrypt(verifier, ConnectionAttempt.codeVerifierContext(id));
        attempt.platformSecret = link.platformSecret()
                .map(secret -> box.encrypt(secret, ConnectionAttempt.platformSecretContext(id)))
                .orElse(null);
        attempt.externalId = externalId;
        attempt.permissions = permissions.stream().map(Permission::wireName).toArray(String[]::new);
        attempt.scopes = scopes.toArray(String[]::new);
        attempt.redirectUri = redirectUri;
        attempt.redirectOverride = overridden;
        attempt.status = AttemptStatus.PENDING;
        attempt.accountIds = new String[0];
        attempt.failedAccountIds = new String[0];
        attempt.createdAt = now;
        attempt.lastActivityAt = now;
        return attempt;
    }

    private static Set<Permission> permissions(List<String> requested) {
        Set<Permission> result = EnumSet.of(Permission.POSTS);
        if (requested == null) {
            return result;
        }
        for (int i = 0; i < requested.size(); i++) {
            String value = requested.get(i);
            int index = i;
            result.add(Permission.fromWire(value).orElseThrow(() -> ApiException.badRequest("permissions[" + index
                    + "]: must be one of " + String.join(", ", Permission.wireNames()))));
        }
        return result;
    }

    private static JsonNode platformData(JsonNode all, String platform) {
        if (all == null || all.isNull() || all.isMissingNode()) {
            return MissingNode.getInstance();
        }
        if (!all.isObject()) {
            throw ApiException.badRequest("platform_data: must be an object");
        }
        JsonNode mine = all.path(platform);
        if (mine.isMissingNode() || mine.isNull()) {
            return MissingNode.getInstance();
        }
        if (!mine.isObject()) {
            throw ApiException.badRequest("platform_data." + platform + ": must be an object");
        }
        return mine;
    }

    private static Optional<String> variant(PlatformRegistry.Selection selection, Platform platform,
            JsonNode platformData) {
        Optional<String> fromData = platform.requestedVariant(platformData);
        if (selection.variant().isPresent() && fromData.isPresent() && !selection.variant().equals(fromData)) {
            throw ApiException.badRequest("platform_data." + platform.name() + ".connection_type: '" + fromData.get()
                    + "' contradicts the platform name, which selects '" + selection.variant().get() + "'");
        }
        return selection.variant().or(() -> fromData);
    }

    private static String externalId(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw ApiException.badRequest("external_id: must not be blank when given");
        }
        if (value.length() > MAX_EXTERNAL_ID) {
            throw ApiException.badRequest("external_id: must be at most " + MAX_EXTERNAL_ID + " characters");
        }
        return value;
    }

    // ---------------------------------------------------------------- callback

    /** Completes the attempt the platform's redirect refers to. Never fails: every problem is an outcome. */
    public Uni<CallbackOutcome> complete(String projectId, String platformName, CallbackParams params) {
        return projects.findOrNull(projectId).chain(project -> {
            if (project == null) {
                return Uni.createFrom().item(CallbackOutcome.unknownProject());
            }
            Optional<Platform> found = platforms.find(platformName);
            if (found.isEmpty()) {
                return failed(project, PlatformErrors.code(platformName),
                        "Unknown platform '" + PlatformErrors.code(platformName) + "' in the callback path");
            }
            Platform platform = found.get();
            Optional<String> key = platform.attemptKey(params);
            if (key.isEmpty()) {
                return failed(project, platform.name(), platform.redirectError(params)
                        .orElse("The platform's redirect carries no state; start the connection again"));
            }
            return Panache.withTransaction(() -> attempts.claim(project.id, platform.name(),
                    Hashing.sha256Hex(key.get()), clock.instant()))
                    .chain(attempt -> attempt == null
                            ? failed(project, platform.name(), LINK_UNUSABLE)
                            : run(project, platform, attempt, params, key.get()));
        }).onFailure().recoverWithItem(failure -> {
            LOG.errorf(failure, "Callback for project %s could not be processed", safeId(projectId));
            return new CallbackOutcome(null, null, List.of(), List.of(),
                    List.of("Tether could not process this connection; try again"));
        });
    }

    private Uni<CallbackOutcome> run(Project project, Platform platform, ConnectionAttempt attempt,
            CallbackParams params, String key) {
        Optional<String> refused = platform.redirectError(params);
        if (refused.isPresent()) {
            return fail(project, platform, attempt, refused.get());
        }
        List<String> secrets = new ArrayList<>(List.of(key));
        params.first("code").ifPresent(secrets::add);
        return credentials.load(project.id, platform, attempt.variant)
                .chain(creds -> {
                    CallbackRequest request = callbackRequest(attempt, creds, params);
                    if (creds != null) {
                        secrets.add(creds.clientSecret());
                    }
                    if (request.codeVerifier() != null) {
                        secrets.add(request.codeVerifier());
                    }
                    return Uni.createFrom().deferred(() -> platform.connect(request))
                            .ifNoItem().after(httpConfig.connectionTimeout())
                            .failWith(() -> new PlatformException("the platform did not answer in time"));
                })
                .chain(listed -> store(project, platform, attempt, listed))
                .onFailure().recoverWithUni(failure -> fail(project, platform, attempt, describe(failure, attempt, secrets)));
    }

    private CallbackRequest callbackRequest(ConnectionAttempt attempt, Credentials creds, CallbackParams params) {
        return new CallbackRequest(attempt.projectId, attempt.id, attempt.variant, creds, attempt.redirectUri,
                box.decrypt(attempt.codeVerifier, ConnectionAttempt.codeVerifierContext(attempt.id)),
                box.decrypt(attempt.platformSecret, ConnectionAttempt.platformSecretContext(attempt.id)),
                List.of(attempt.scopes), params);
    }

    /**
     * Accounts, their {@code social.account.created} events and the attempt's outcome in one transaction
     * (retried once if a concurrent insert collided).
     */
    private Uni<CallbackOutcome> store(Project project, Platform platform, ConnectionAttempt attempt,
            List<PlatformAccount> listed) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return accounts.storeConnection(project.id, platform.name(), attempt.externalId, listed, now)
                    .call(stored -> webhooks.accountsConnected(project.id, stored.connected()))
                    .chain(stored -> {
                        List<String> errors = new ArrayList<>(stored.errors());
                        if (stored.accountIds().isEmpty() && errors.isEmpty()) {
                            errors.add("the platform returned no accounts");
                        }
                        AttemptStatus status = stored.accountIds().isEmpty() ? AttemptStatus.FAILED
                                : AttemptStatus.SUCCEEDED;
                        return attempts.complete(attempt.id, status, errors.isEmpty() ? null : String.join("|", errors),
                                stored.accountIds(), stored.failedAccountIds(), now)
                                .replaceWith(new CallbackOutcome(project, platform.name(), stored.accountIds(),
                                        stored.failedAccountIds(), errors));
                    });
        });
    }

    private Uni<CallbackOutcome> fail(Project project, Platform platform, ConnectionAttempt attempt, String error) {
        CallbackOutcome outcome = CallbackOutcome.failed(project, platform.name(), error);
        return Panache.withTransaction(() -> attempts.complete(attempt.id, AttemptStatus.FAILED, error, List.of(),
                List.of(), clock.instant()))
                .replaceWith(outcome)
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "Could not record the failure of attempt %s", attempt.id);
                    return outcome;
                });
    }

    private Uni<CallbackOutcome> failed(Project project, String provider, String error) {
        return Uni.createFrom().item(CallbackOutcome.failed(project, provider, error));
    }

    private static String describe(Throwable failure, ConnectionAttempt attempt, List<String> secrets) {
        if (failure instanceof PlatformException || failure instanceof ApiException) {
            return PlatformErrors.redact(PlatformErrors.clean(failure.getMessage()), secrets);
        }
        LOG.errorf(failure, "Attempt %s failed unexpectedly", attempt.id);
        return "Tether could not complete the connection (attempt " + attempt.id + ")";
    }

    private static String safeId(String id) {
        return Ids.looksLike(Ids.PROJECT, id) ? id : "(malformed)";
    }
}
