package dev.tether.platform.linkedin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.tether.support.Api.authUrl;
import static dev.tether.support.Api.redirectParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.tether.account.SocialAccount;
import dev.tether.common.SecretBox;
import dev.tether.support.Api;
import dev.tether.support.Api.Link;
import dev.tether.support.Api.TestProject;
import dev.tether.support.Db;
import dev.tether.support.StubServers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

@QuarkusTest
class LinkedInConnectionTest {

    private static final String SPC = "spc_[0-9A-Za-z]{21}";
    private static final String ACLS = "/linkedin/v2/organizationalEntityAcls";
    private static final String ORG_PROJECTION = "(id,localizedName,vanityName,logoV2(original~:playableStreams))";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretBox box;

    Db db;
    WireMockServer wireMock;
    TestProject project;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        StubServers.resetStubs();
        wireMock = StubServers.wireMock();
        project = Api.createProject("https://app.example/connected");
        Api.putCredentials(project.id(), "linkedin", null, "86li-client", "li-secret");
    }

    // ---------------------------------------------------------------- links

    @Test
    void personalLinkIsTheDefaultWithOpenIdScopesAndState() {
        Link link = authUrl(project, "linkedin");

        assertThat(URI.create(link.url()).getPath()).isEqualTo("/linkedin/oauth/v2/authorization");
        Map<String, String> query = Api.query(link.url());
        assertThat(query.keySet()).containsExactly("response_type", "client_id", "redirect_uri", "state", "scope");
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "86li-client")
                .containsEntry("redirect_uri", redirectUri())
                .containsEntry("scope", "openid profile email w_member_social");
        assertThat(query.get("state")).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void organizationConnectionTypeAsksForTheOrganizationScopes() {
        Link link = authUrl(project, Map.of("platform", "linkedin",
                "platform_data", Map.of("linkedin", Map.of("connection_type", "organization"))));

        assertThat(Api.query(link.url()).get("scope")).isEqualTo(
                "r_basicprofile w_member_social r_organization_social w_organization_social rw_organization_admin");
    }

    @Test
    void feedsAddsPostAnalyticsAndOrganizationAdminEvenForPersonal() {
        Link link = authUrl(project, Map.of("platform", "linkedin", "permissions", List.of("feeds")));

        assertThat(Api.query(link.url()).get("scope"))
                .isEqualTo("openid profile email w_member_social r_member_postAnalytics rw_organization_admin");
    }

    @Test
    void permissionOverridesReplaceTheScopes() {
        Link link = authUrl(project, Map.of("platform", "linkedin", "permissions", List.of("feeds"),
                "platform_data", Map.of("linkedin", Map.of("connection_type", "organization",
                        "permission_overrides", List.of("openid", "w_member_social")))));

        assertThat(Api.query(link.url()).get("scope")).isEqualTo("openid w_member_social");
    }

    @Test
    void unknownConnectionTypeIsABadRequestNamingTheField() {
        Api.app(project.apiKey()).body(Map.of("platform", "linkedin",
                "platform_data", Map.of("linkedin", Map.of("connection_type", "company"))))
                .post("/v1/social-accounts/auth-url")
                .then().statusCode(400)
                .body("message", containsString("platform_data.linkedin.connection_type"))
                .body("message", containsString("personal, organization"));
        Api.app(project.apiKey()).body(Map.of("platform", "linkedin",
                "platform_data", Map.of("linkedin", Map.of("connection_type", 3))))
                .post("/v1/social-accounts/auth-url")
                .then().statusCode(400)
                .body("message", containsString("platform_data.linkedin.connection_type"));
    }

    // ---------------------------------------------------------------- callbacks

    @Test
    void personalConnectionStoresTheMemberFromUserinfoAndListsNoOrganizations() {
        stubToken("email,openid,profile,w_member_social");
        wireMock.stubFor(get(urlEqualTo("/linkedin/v2/userinfo")).willReturn(okJson("""
                {"sub": "782bbtaQ", "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace",
                 "picture": "https://media.licdn.com/dms/image/ada.jpg", "locale": {"country": "GB", "language": "en"},
                 "email": "ada@example.com", "email_verified": true}
                """)));
        Link link = authUrl(project, Map.of("platform", "linkedin", "external_id", "member-1"));
        Instant before = Instant.now();

        Response response = linkedInRedirect(link, "AQT-code");
        Instant after = Instant.now();

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds");
        assertThat(params).containsEntry("provider", "linkedin").containsEntry("isSuccess", "true");
        String id = params.get("accountIds");
        assertThat(id).matches(SPC);
        Map<String, Object> row = db.row("select * from social_account where id = ?", id);
        assertThat(row).containsEntry("platform", "linkedin").containsEntry("user_id", "782bbtaQ")
                .containsEntry("username", "Ada Lovelace").containsEntry("external_id", "member-1")
                .containsEntry("profile_photo_url", "https://media.licdn.com/dms/image/ada.jpg")
                .containsEntry("status", "connected");
        assertThat(box.decrypt((byte[]) row.get("access_token"), SocialAccount.accessTokenContext(id)))
                .isEqualTo("AQV-linkedin-access");
        assertThat(box.decrypt((byte[]) row.get("refresh_token"), SocialAccount.refreshTokenContext(id)))
                .isEqualTo("AQW-linkedin-refresh");
        assertThat(instant(row, "access_token_expires_at")).isBetween(before.plusSeconds(5183999),
                after.plusSeconds(5184000));
        assertThat(instant(row, "refresh_token_expires_at")).isBetween(before.plusSeconds(31535998),
                after.plusSeconds(31535999));
        assertThat(metadata(row)).isEqualTo(JSON.createObjectNode().put("connection_type", "personal"));

        LoggedRequest token = wireMock.findAll(postRequestedFor(urlEqualTo("/linkedin/oauth/v2/accessToken"))).get(0);
        assertThat(Api.query("http://x/?" + token.getBodyAsString())).containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "AQT-code").containsEntry("client_id", "86li-client")
                .containsEntry("client_secret", "li-secret")
                .containsEntry("redirect_uri", Api.query(link.url()).get("redirect_uri"));
        wireMock.verify(getRequestedFor(urlEqualTo("/linkedin/v2/userinfo"))
                .withHeader("Authorization", equalTo("Bearer AQV-linkedin-access")));
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(ACLS)));
    }

    @Test
    void organizationConnectionStoresTheMemberAndEachOrganizationAndRefusesOneThatCannotBeRead() {
        stubToken("r_basicprofile,w_member_social,r_organization_social,w_organization_social,rw_organization_admin");
        stubMe();
        stubAcl("ADMINISTRATOR", 0, """
                {"paging": {"count": 100, "start": 0, "links": []},
                 "elements": [
                  {"roleAssignee": "urn:li:person:yrZCpj2Z12", "state": "APPROVED", "role": "ADMINISTRATOR",
                   "organizationalTarget": "urn:li:organization:10001"},
                  {"roleAssignee": "urn:li:person:yrZCpj2Z12", "state": "APPROVED", "role": "ADMINISTRATOR",
                   "organizationalTarget": "urn:li:organization:10002"}]}
                """);
        stubAcl("CONTENT_ADMINISTRATOR", 0, """
                {"paging": {"count": 100, "start": 0, "links": []},
                 "elements": [
                  {"roleAssignee": "urn:li:person:yrZCpj2Z12", "state": "APPROVED", "role": "CONTENT_ADMINISTRATOR",
                   "organizationalTarget": "urn:li:organization:10002"},
                  {"roleAssignee": "urn:li:person:yrZCpj2Z12", "state": "APPROVED", "role": "CONTENT_ADMINISTRATOR",
                   "organizationalTarget": "urn:li:organizationBrand:555"},
                  {"roleAssignee": "urn:li:person:yrZCpj2Z12", "state": "APPROVED", "role": "CONTENT_ADMINISTRATOR",
                   "organizationalTarget": "urn:li:organization:10003"}]}
                """);
        wireMock.stubFor(organization("10001").willReturn(okJson("""
                {"id": 10001, "localizedName": "Acme Robotics", "vanityName": "acme-robotics",
                 "localizedWebsite": "https://acme.example",
                 "logoV2": {"original": "urn:li:digitalmediaAsset:C4E0BAQacme",
                  "original~": {"paging": {"count": 10, "start": 0, "links": []}, "elements": [
                   {"artifact": "urn:li:digitalmediaMediaArtifact:(urn:li:digitalmediaAsset:C4E0BAQacme,100)",
                    "authorizationMethod": "PUBLIC",
                    "identifiers": [{"identifier": "https://media.licdn.com/dms/image/acme_100.png", "index": 0,
                     "mediaType": "image/png", "identifierType": "EXTERNAL_URL"}]},
                   {"artifact": "urn:li:digitalmediaMediaArtifact:(urn:li:digitalmediaAsset:C4E0BAQacme,400)",
                    "authorizationMethod": "PUBLIC",
                    "identifiers": [{"identifier": "https://media.licdn.com/dms/image/acme_400.png", "index": 0,
                     "mediaType": "image/png", "identifierType": "EXTERNAL_URL"}]}]}}}
                """)));
        wireMock.stubFor(organization("10002").willReturn(okJson("""
                {"id": 10002, "localizedName": "Beta Labs"}
                """)));
        wireMock.stubFor(organization("10003").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"serviceErrorCode": 100, "code": "ACCESS_DENIED",
                         "message": "Not enough permissions to access: organizations.GET.NO_VERSION", "status": 403}
                        """)));
        Link link = authUrl(project, Map.of("platform", "linkedin",
                "platform_data", Map.of("linkedin", Map.of("connection_type", "organization"))));

        Map<String, String> params = redirectParams(linkedInRedirect(link, "AQT-code"));

        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds",
                "failedAccountIds", "error");
        assertThat(params).containsEntry("isSuccess", "true").containsEntry("error",
                "LinkedIn organization 10003 could not be read: Not enough permissions to access: "
                        + "organizations.GET.NO_VERSION (HTTP 403)");
        List<String> ids = List.of(params.get("accountIds").split(","));
        assertThat(ids).hasSize(3).allMatch(id -> id.matches(SPC));

        Map<String, Object> member = db.row("select * from social_account where id = ?", ids.get(0));
        assertThat(member).containsEntry("user_id", "yrZCpj2Z12").containsEntry("username", "Ada Lovelace")
                .containsEntry("profile_photo_url", "https://media.licdn.com/dms/image/ada_800.jpg");
        assertThat(metadata(member)).isEqualTo(JSON.createObjectNode().put("connection_type", "personal")
                .put("profile_slug", "ada-lovelace").put("profile_url", "https://www.linkedin.com/in/ada-lovelace"));

        Map<String, Object> acme = db.row("select * from social_account where id = ?", ids.get(1));
        assertThat(acme).containsEntry("user_id", "10001").containsEntry("username", "Acme Robotics")
                .containsEntry("profile_photo_url", "https://media.licdn.com/dms/image/acme_400.png")
                .containsEntry("status", "connected");
        assertThat(metadata(acme)).isEqualTo(JSON.createObjectNode().put("connection_type", "page")
                .put("profile_slug", "acme-robotics").put("profile_url", "https://www.linkedin.com/company/acme-robotics"));
        assertThat(box.decrypt((byte[]) acme.get("access_token"), SocialAccount.accessTokenContext(ids.get(1))))
                .isEqualTo("AQV-linkedin-access");

        Map<String, Object> beta = db.row("select * from social_account where id = ?", ids.get(2));
        assertThat(beta).containsEntry("user_id", "10002").containsEntry("username", "Beta Labs");
        assertThat(metadata(beta).path("profile_url").asText()).isEqualTo("https://www.linkedin.com/company/10002");

        Map<String, Object> refused = db.row("select * from social_account where id = ?", params.get("failedAccountIds"));
        assertThat(refused).containsEntry("user_id", "10003").containsEntry("status", "disconnected");
        assertThat(refused.get("access_token")).isNull();
        assertThat(metadata(refused).path("connection_error").asText()).contains("Not enough permissions");
        assertThat(metadata(refused).path("connection_type").asText()).isEqualTo("page");

        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/linkedin/v2/organizations/10002")));
        wireMock.verify(0, getRequestedFor(urlEqualTo("/linkedin/v2/userinfo")));
        wireMock.verify(getRequestedFor(urlPathEqualTo(ACLS))
                .withHeader("Authorization", equalTo("Bearer AQV-linkedin-access"))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withHeader("LinkedIn-Version", absent()));
        Api.app(project.apiKey()).get("/v1/connection-attempts/" + link.attemptId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("failed_account_ids", org.hamcrest.Matchers.contains(params.get("failedAccountIds")));
    }

    @Test
    void organizationRolesAreReadPageByPageInBothRolesAndDeduplicated() {
        stubToken(null);
        stubUserinfo();
        List<String> firstPage = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            firstPage.add(aclElement(20000 + i, "ADMINISTRATOR"));
        }
        stubAcl("ADMINISTRATOR", 0, "{\"paging\": {\"count\": 100, \"start\": 0, \"total\": 102, \"links\": []},"
                + " \"elements\": [" + String.join(",", firstPage) + "]}");
        stubAcl("ADMINISTRATOR", 100, "{\"paging\": {\"count\": 100, \"start\": 100, \"total\": 102, \"links\": []},"
                + " \"elements\": [" + aclElement(20100, "ADMINISTRATOR") + "," + aclElement(20000, "ADMINISTRATOR") + "]}");
        stubAcl("CONTENT_ADMINISTRATOR", 0, "{\"paging\": {\"count\": 100, \"start\": 0, \"links\": []},"
                + " \"elements\": [" + aclElement(20050, "CONTENT_ADMINISTRATOR") + ","
                + aclElement(30000, "CONTENT_ADMINISTRATOR") + "]}");
        wireMock.stubFor(get(urlPathMatching("/linkedin/v2/organizations/\\d+"))
                .willReturn(okJson("{\"localizedName\": \"Some Company\", \"vanityName\": \"some-company\"}")));
        Link link = authUrl(project, Map.of("platform", "linkedin", "permissions", List.of("feeds")));

        Map<String, String> params = redirectParams(linkedInRedirect(link, "AQT-code"));

        assertThat(params).containsEntry("isSuccess", "true").doesNotContainKey("error");
        List<String> ids = List.of(params.get("accountIds").split(","));
        assertThat(ids).hasSize(1 + 101 + 1);
        assertThat(db.row("select user_id from social_account where id = ?", ids.get(0))).containsEntry("user_id", "782bbtaQ");
        assertThat(db.row("select user_id from social_account where id = ?", ids.get(1))).containsEntry("user_id", "20000");
        assertThat(db.row("select user_id from social_account where id = ?", ids.get(101))).containsEntry("user_id", "20100");
        assertThat(db.row("select user_id from social_account where id = ?", ids.get(102))).containsEntry("user_id", "30000");
        assertThat(db.rows("select id from social_account where project_id = ? and platform = 'linkedin'", project.id()))
                .hasSize(103);
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(ACLS)));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/linkedin/v2/organizations/20050")));
        wireMock.verify(102, getRequestedFor(urlPathMatching("/linkedin/v2/organizations/\\d+")));
    }

    @Test
    void rejectedCodeGivesACleanFailedRedirect() {
        wireMock.stubFor(post(urlEqualTo("/linkedin/oauth/v2/accessToken")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": "invalid_request",
                         "error_description": "Unable to retrieve access token: authorization code expired"}
                        """)));
        Link link = authUrl(project, "linkedin");

        Response response = linkedInRedirect(link, "AQT-expired");

        Map<String, String> params = redirectParams(response);
        assertThat(params.keySet()).containsExactly("provider", "projectId", "isSuccess", "accountIds", "error");
        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "").containsEntry("error",
                "token exchange failed: invalid_request: Unable to retrieve access token: authorization code expired (HTTP 400)");
        assertThat(response.header("Location")).doesNotContain("AQT-expired");
    }

    @Test
    void organizationListingErrorFailsTheConnectionWithAClearMessage() {
        stubToken("r_basicprofile,w_member_social,rw_organization_admin");
        stubMe();
        wireMock.stubFor(get(urlPathEqualTo(ACLS)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"serviceErrorCode": 100, "message": "Not enough permissions to access: organizationalEntityAcls.FINDER-roleAssignee.20240101",
                         "status": 403}
                        """)));
        Link link = authUrl(project, Map.of("platform", "linkedin",
                "platform_data", Map.of("linkedin", Map.of("connection_type", "organization"))));

        Map<String, String> params = redirectParams(linkedInRedirect(link, "AQT-code"));

        assertThat(params).containsEntry("isSuccess", "false").containsEntry("accountIds", "").containsEntry("error",
                "organization listing failed: Not enough permissions to access: "
                        + "organizationalEntityAcls.FINDER-roleAssignee.20240101 (HTTP 403)");
        assertThat(db.rows("select id from social_account where project_id = ?", project.id())).isEmpty();
    }

    @Test
    void cancellingOnLinkedInsConsentPageIsReportedAsACancellation() {
        Link link = authUrl(project, "linkedin");
        String state = Api.query(link.url()).get("state");

        Map<String, String> params = redirectParams(Api.browse(redirectUri()
                + "?error=user_cancelled_authorize&error_description=The+user+cancelled+the+authorization&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8)));

        assertThat(params).containsEntry("provider", "linkedin").containsEntry("isSuccess", "false")
                .containsEntry("error", "access_denied: the user cancelled the authorization");
        wireMock.verify(0, postRequestedFor(urlEqualTo("/linkedin/oauth/v2/accessToken")));
    }

    // ---------------------------------------------------------------- helpers

    private void stubToken(String grantedScopes) {
        String scope = grantedScopes == null ? "" : ", \"scope\": \"" + grantedScopes + "\"";
        wireMock.stubFor(post(urlEqualTo("/linkedin/oauth/v2/accessToken")).willReturn(okJson("""
                {"access_token": "AQV-linkedin-access", "expires_in": 5184000,
                 "refresh_token": "AQW-linkedin-refresh", "refresh_token_expires_in": 31535999%s}
                """.formatted(scope))));
    }

    private void stubUserinfo() {
        wireMock.stubFor(get(urlEqualTo("/linkedin/v2/userinfo")).willReturn(okJson("""
                {"sub": "782bbtaQ", "name": "Ada Lovelace", "picture": "https://media.licdn.com/dms/image/ada.jpg"}
                """)));
    }

    private void stubMe() {
        wireMock.stubFor(get(urlPathEqualTo("/linkedin/v2/me")).withQueryParam("projection", equalTo(
                "(id,localizedFirstName,localizedLastName,vanityName,profilePicture(displayImage~:playableStreams))"))
                .willReturn(okJson("""
                        {"id": "yrZCpj2Z12", "localizedFirstName": "Ada", "localizedLastName": "Lovelace",
                         "vanityName": "ada-lovelace",
                         "profilePicture": {"displayImage": "urn:li:digitalmediaAsset:C4D03AQada",
                          "displayImage~": {"elements": [
                           {"identifiers": [{"identifier": "https://media.licdn.com/dms/image/ada_100.jpg"}]},
                           {"identifiers": [{"identifier": "https://media.licdn.com/dms/image/ada_800.jpg"}]}]}}}
                        """)));
    }

    private void stubAcl(String role, int start, String body) {
        wireMock.stubFor(get(urlPathEqualTo(ACLS)).withQueryParam("q", equalTo("roleAssignee"))
                .withQueryParam("role", equalTo(role)).withQueryParam("state", equalTo("APPROVED"))
                .withQueryParam("start", equalTo(Integer.toString(start))).withQueryParam("count", equalTo("100"))
                .willReturn(okJson(body)));
    }

    private static String aclElement(int organization, String role) {
        return "{\"roleAssignee\": \"urn:li:person:782bbtaQ\", \"state\": \"APPROVED\", \"role\": \"" + role
                + "\", \"organizationalTarget\": \"urn:li:organization:" + organization + "\"}";
    }

    private static MappingBuilder organization(String id) {
        return get(urlPathEqualTo("/linkedin/v2/organizations/" + id))
                .withQueryParam("projection", equalTo(ORG_PROJECTION));
    }

    private Response linkedInRedirect(Link link, String code) {
        String state = Api.query(link.url()).get("state");
        return Api.browse(redirectUri() + "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8));
    }

    private String redirectUri() {
        return "http://localhost:" + RestAssured.port + "/callback/" + project.id() + "/linkedin/account";
    }

    private static Instant instant(Map<String, Object> row, String column) {
        return (Instant) row.get(column);
    }

    private static JsonNode metadata(Map<String, Object> row) {
        try {
            return JSON.readTree(row.get("metadata").toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
