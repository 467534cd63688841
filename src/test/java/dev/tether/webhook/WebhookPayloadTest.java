package dev.tether.webhook;

import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.webhook.WebhookTests.await;
import static dev.tether.webhook.WebhookTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tether.account.SocialAccount;
import dev.tether.account.SocialAccountRepository;
import dev.tether.account.SocialAccountView;
import dev.tether.common.SecretBox;
import dev.tether.support.Api;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.DispatcherSettings;
import dev.tether.support.Hooks;
import dev.tether.support.Hooks.Subscription;
import dev.tether.support.Receiver;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** What account events carry: the account shape, tokens as configured, never an app password. */
@QuarkusTest
class WebhookPayloadTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookWorker worker;

    @Inject
    WebhookOutbox outbox;

    @Inject
    SocialAccountRepository accounts;

    @Inject
    WebhooksConfig config;

    @Inject
    SecretBox box;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    Db db;
    TestProject project;
    Receiver receiver;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = Api.sandboxProject();
        receiver = Receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        WebhookTests.settle(db, worker);
    }

    @Test
    void accountUpdatedSendsTheAccountWithoutTheAppPasswordInTheCallersTransaction() throws Throwable {
        Subscription hook = Hooks.subscribe(project, receiver.url(), "social.account.updated");
        String accountId = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve"))
                .get("accountIds");
        db.update("update social_account set app_password = ?, metadata = cast(? as jsonb) where id = ?",
                box.encrypt("abcd-efgh-ijkl-mnop", SocialAccount.appPasswordContext(accountId)),
                "{\"handle\":\"someone.bsky.social\",\"bluesky_app_password\":\"abcd-efgh-ijkl-mnop\"}", accountId);

        int queued = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> accounts.findById(accountId).chain(account -> outbox.accountUpdated(account))));

        assertThat(queued).isEqualTo(1);
        await(() -> receiver.count() == 1);
        String body = receiver.received().get(0).body();
        assertThat(body).doesNotContain("abcd-efgh-ijkl-mnop").doesNotContain("app_password");
        JsonNode event = json(body);
        assertThat(event.path("event_type").asText()).isEqualTo("social.account.updated");
        assertThat(event.path("data").path("id").asText()).isEqualTo(accountId);
        assertThat(event.path("data").path("metadata").path("handle").asText()).isEqualTo("someone.bsky.social");
        assertThat(WebhookTests.events(db, hook.id())).hasSize(1);
    }

    @Test
    void aRolledBackTransactionLeavesNoEvent() {
        Subscription hook = Hooks.subscribe(project, receiver.url(), "social.account.updated");
        String accountId = redirectParams(connectSandbox(project, Map.of("platform", "sandbox"), "approve"))
                .get("accountIds");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> accounts.findById(accountId)
                        .chain(account -> outbox.accountUpdated(account))
                        .invoke(() -> {
                            throw new IllegalStateException("the change failed");
                        })))).hasMessage("the change failed");

        assertThat(WebhookTests.events(db, hook.id())).isEmpty();
    }

    @Test
    void withIncludeTokensOffTokensAreNullAndEverythingElseStays() {
        WebhookOutbox withoutTokens = new WebhookOutbox(null, null, box, mapper,
                new DispatcherSettings(config).includeTokens(false), clock);
        SocialAccount account = account();

        SocialAccountView withTokens = outbox.accountData(account);
        SocialAccountView without = withoutTokens.accountData(account);

        assertThat(withTokens.accessToken()).isEqualTo("access-1");
        assertThat(withTokens.refreshToken()).isEqualTo("refresh-1");
        assertThat(without.accessToken()).isNull();
        assertThat(without.refreshToken()).isNull();
        assertThat(without.id()).isEqualTo(account.id);
        assertThat(without.accessTokenExpiresAt()).isEqualTo(account.accessTokenExpiresAt);
        assertThat(without.metadata()).containsOnlyKeys("connection_type");
        JsonNode json = mapper.valueToTree(without);
        assertThat(json.has("access_token")).isTrue();
        assertThat(json.path("access_token").isNull()).isTrue();
    }

    private SocialAccount account() {
        SocialAccount account = new SocialAccount();
        account.id = "spc_payloadTest0000000001";
        account.projectId = project.id();
        account.platform = "bluesky";
        account.userId = "did:plc:1";
        account.username = "someone";
        account.status = SocialAccount.CONNECTED;
        account.accessToken = box.encrypt("access-1", SocialAccount.accessTokenContext(account.id));
        account.refreshToken = box.encrypt("refresh-1", SocialAccount.refreshTokenContext(account.id));
        account.appPassword = box.encrypt("app-pw", SocialAccount.appPasswordContext(account.id));
        account.accessTokenExpiresAt = clock.instant();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("connection_type", "app_password");
        metadata.put("bluesky_app_password", "app-pw");
        account.metadata = metadata;
        return account;
    }
}
