package dev.tether.account;

import static dev.tether.account.Accounts.SPC;
import static dev.tether.support.Api.app;
import static dev.tether.support.Api.connectSandbox;
import static dev.tether.support.Api.redirectParams;
import static dev.tether.support.Api.sandboxProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The account rules of a connection (external id, reconnect, refused accounts), through the sandbox flow. */
@QuarkusTest
class AccountConnectionRulesTest {

    @Inject
    AgroalDataSource dataSource;

    Db db;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        project = sandboxProject();
    }

    private Map<String, String> connect(String externalId, String outcome) {
        Map<String, Object> body = externalId == null
                ? Map.of("platform", "sandbox")
                : Map.of("platform", "sandbox", "external_id", externalId);
        return redirectParams(connectSandbox(project, body, outcome));
    }

    private Map<String, Object> row(String id) {
        return db.row("select * from social_account where id = ?", id);
    }

    @Test
    void accountOwnedByAnotherExternalIdIsNotTakenOverWhileTheOthersConnect() {
        String alices = connect("alice", "approve").get("accountIds");
        Map<String, Object> before = row(alices);

        Link link = Api.authUrl(project, Map.of("platform", "sandbox", "external_id", "bob"));
        Map<String, String> params = redirectParams(Api.callback(Api.sandboxConsent(link, "approve_multiple")));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds",
                "failedAccountIds", "error");
        assertThat(params).containsEntry("isSuccess", "true")
                .containsEntry("failedAccountIds", alices)
                .containsEntry("error", "External Id already exists for account " + alices
                        + ": it is connected for a different external_id");
        String bobs = params.get("accountIds");
        assertThat(bobs).matches(SPC).isNotEqualTo(alices);
        assertThat(row(bobs)).containsEntry("user_id", "sandbox-user-2").containsEntry("external_id", "bob")
                .containsEntry("status", "connected");

        Map<String, Object> after = row(alices);
        assertThat(after).containsEntry("external_id", "alice").containsEntry("status", "connected")
                .containsEntry("updated_at", before.get("updated_at"));
        assertThat((byte[]) after.get("access_token")).isEqualTo((byte[]) before.get("access_token"));

        app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("account_ids", contains(bobs))
                .body("failed_account_ids", contains(alices));
    }

    @Test
    void connectionWhoseOnlyAccountIsOwnedByAnotherExternalIdFails() {
        String alices = connect("alice", "approve").get("accountIds");

        Map<String, String> params = connect("bob", "approve");

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds",
                "failedAccountIds", "error");
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "")
                .containsEntry("failedAccountIds", alices);
        assertThat(params.get("error")).startsWith("External Id already exists for account " + alices);
        assertThat(row(alices)).containsEntry("external_id", "alice");
    }

    @Test
    void reconnectWithoutExternalIdKeepsTheStoredOneAndRenewsTheTokens() {
        String first = connect("alice", "approve").get("accountIds");
        byte[] firstToken = (byte[]) row(first).get("access_token");

        Map<String, String> params = connect(null, "approve");

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("isSuccess", "true").containsEntry("accountIds", first);
        Map<String, Object> after = row(first);
        assertThat(after).containsEntry("external_id", "alice").containsEntry("status", "connected");
        assertThat((byte[]) after.get("access_token")).isNotEqualTo(firstToken);
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).hasSize(1);
    }

    @Test
    void reconnectWithTheSameExternalIdSucceeds() {
        String first = connect("alice", "approve").get("accountIds");

        Map<String, String> params = connect("alice", "approve");

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("accountIds", first);
    }

    @Test
    void connectionWithAnExternalIdClaimsAnAccountThatHadNone() {
        String first = connect(null, "approve").get("accountIds");
        assertThat(row(first).get("external_id")).isNull();

        Map<String, String> params = connect("carol", "approve");

        assertThat(params).containsEntry("isSuccess", "true").containsEntry("accountIds", first);
        assertThat(row(first)).containsEntry("external_id", "carol");
    }

    @Test
    void disconnectedAccountIsReconnectedWithTheSameIdByALaterConnection() {
        String id = connect("alice", "approve").get("accountIds");

        Accounts.disconnect(project, id).then().statusCode(201)
                .body("id", equalTo(id))
                .body("status", equalTo("disconnected"))
                .body("access_token", equalTo(""))
                .body("refresh_token", equalTo(""))
                .body("external_id", equalTo("alice"))
                .body("metadata.display_name", equalTo("Sandbox User 1"));
        Map<String, Object> disconnected = row(id);
        assertThat(disconnected).containsEntry("status", "disconnected").containsEntry("external_id", "alice");
        assertThat(disconnected.get("access_token")).isNull();
        assertThat(disconnected.get("refresh_token")).isNull();
        Accounts.get(project, id).then().statusCode(200).body("status", equalTo("disconnected"))
                .body("access_token", equalTo(""));

        Map<String, String> params = connect(null, "approve");

        assertThat(params).containsEntry("isSuccess", "true").containsEntry("accountIds", id);
        assertThat(params).doesNotContainKey("error");
        Accounts.get(project, id).then().statusCode(200)
                .body("status", equalTo("connected"))
                .body("access_token", not(emptyString()))
                .body("refresh_token", not(emptyString()))
                .body("access_token_expires_at", notNullValue())
                .body("external_id", equalTo("alice"));
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).hasSize(1);
    }

    @Test
    void refusedAccountIsKeptDisconnectedAndALaterConnectionKeepsItsId() {
        Map<String, String> partial = connect("alice", "partial");
        String connected = partial.get("accountIds");
        String refused = partial.get("failedAccountIds");
        Accounts.get(project, refused).then().statusCode(200)
                .body("status", equalTo("disconnected"))
                .body("user_id", equalTo("sandbox-user-2"))
                .body("external_id", equalTo("alice"))
                .body("metadata.connection_error", equalTo(
                        "sandbox_user_2: the platform refused this account: it has no permission to publish"));

        Map<String, String> params = connect("alice", "approve_multiple");

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(List.of(params.get("accountIds").split(","))).containsExactly(connected, refused);
        Accounts.get(project, refused).then().statusCode(200)
                .body("status", equalTo("connected"))
                .body("metadata", not(hasKey("connection_error")));
    }

    @Test
    void deletedAccountComesBackWithANewIdOnTheNextConnection() {
        String id = connect("alice", "approve").get("accountIds");

        app(project.apiKey()).delete("/v1/social-accounts/" + id).then().statusCode(200)
                .body("success", equalTo(true));
        Accounts.get(project, id).then().statusCode(404)
                .body("message", equalTo("Social account not found"));
        assertThat(db.rows("select id from social_account where id = ?", id)).isEmpty();

        String again = connect("alice", "approve").get("accountIds");

        assertThat(again).matches(SPC).isNotEqualTo(id);
        Accounts.get(project, again).then().statusCode(200).body("external_id", equalTo("alice"))
                .body("refresh_token_expires_at", notNullValue())
                .body("profile_photo_url", not(nullValue()));
    }
}
