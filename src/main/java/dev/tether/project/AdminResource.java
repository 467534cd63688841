package dev.tether.project;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tether.common.ApiException;
import dev.tether.common.Deleted;
import dev.tether.common.Requests;
import dev.tether.common.UrlRules;
import dev.tether.platform.Platform;
import dev.tether.platform.PlatformErrors;
import dev.tether.platform.PlatformRegistry;
import dev.tether.project.AdminApi.ApiKeyCreated;
import dev.tether.project.AdminApi.ApiKeyView;
import dev.tether.project.AdminApi.CreateApiKeyRequest;
import dev.tether.project.AdminApi.CreateProjectRequest;
import dev.tether.project.AdminApi.CredentialView;
import dev.tether.project.AdminApi.ProjectView;
import dev.tether.project.AdminApi.PutCredentialRequest;
import io.smallrye.mutiny.Uni;

/** The operator API: projects, their API keys and their platform app credentials. */
@Path("/admin/projects")
@Tag(name = "Admin", description = "Operator endpoints, authenticated with tether.admin-token")
@SecurityRequirement(name = "adminToken")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final int MAX_NAME = 200;
    private static final int MAX_CREDENTIAL = 4096;

    private final ProjectService projects;
    private final CredentialService credentials;
    private final PlatformRegistry platforms;

    public AdminResource(ProjectService projects, CredentialService credentials, PlatformRegistry platforms) {
        this.projects = projects;
        this.credentials = credentials;
        this.platforms = platforms;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Create a project")
    @APIResponse(responseCode = "201", description = "The project")
    @APIResponse(responseCode = "400", description = "Missing name or invalid callback_url")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    public Uni<ProjectView> create(CreateProjectRequest request) {
        Requests.requireBody(request);
        String name = name(request.name());
        String callbackUrl = request.callbackUrl() == null ? null : UrlRules.appRedirect("callback_url", request.callbackUrl());
        return projects.create(name, callbackUrl).map(ProjectView::of);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a project")
    @APIResponse(responseCode = "200", description = "The project")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<ProjectView> get(@RestPath String id) {
        return projects.find(id).map(ProjectView::of);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a project", description = "Changes `name` and/or `callback_url`; "
            + "`\"callback_url\": null` removes it (users then see Tether's own result page).")
    @APIResponse(responseCode = "200", description = "The updated project")
    @APIResponse(responseCode = "400", description = "Invalid name or callback_url")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<ProjectView> update(@RestPath String id, ObjectNode patch) {
        Requests.requireBody(patch);
        String name = patch.has("name") ? name(textOrFail(patch, "name")) : null;
        JsonNode url = patch.get("callback_url");
        boolean clear = url != null && url.isNull();
        String callbackUrl = url == null || url.isNull() ? null : UrlRules.appRedirect("callback_url", textOrFail(patch, "callback_url"));
        return projects.update(id, name, callbackUrl, clear).map(ProjectView::of);
    }

    @POST
    @Path("{id}/api-keys")
    @ResponseStatus(201)
    @Operation(summary = "Create an API key", description = "The plaintext `key` is in this answer only; Tether keeps a hash.")
    @APIResponse(responseCode = "201", description = "The key, with its plaintext")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<ApiKeyCreated> createKey(@RestPath String id, CreateApiKeyRequest request) {
        String name = request == null || request.name() == null ? null : name(request.name());
        return projects.createKey(id, name).map(created -> new ApiKeyCreated(created.key().id, created.plaintext(),
                created.key().keyPrefix, created.key().name, created.key().createdAt));
    }

    @GET
    @Path("{id}/api-keys")
    @Operation(summary = "List API keys", description = "Ids and prefixes only.")
    @APIResponse(responseCode = "200", description = "The keys")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<List<ApiKeyView>> listKeys(@RestPath String id) {
        return projects.listKeys(id).map(keys -> keys.stream().map(ApiKeyView::of).toList());
    }

    @DELETE
    @Path("{id}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key")
    @APIResponse(responseCode = "200", description = "Revoked (idempotent)")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project or key")
    public Uni<ApiKeyView> revokeKey(@RestPath String id, @RestPath String keyId) {
        return projects.revokeKey(id, keyId).map(ApiKeyView::of);
    }

    @PUT
    @Path("{id}/credentials/{platform}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a platform's app credentials", description = "`variant` selects oauth1/oauth2 for x and "
            + "instagram/facebook for instagram. The secret is stored encrypted and never shown again.")
    @APIResponse(responseCode = "200", description = "The stored credentials, without the secret")
    @APIResponse(responseCode = "400", description = "Missing client_id/client_secret or unknown variant")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project or platform")
    public Uni<CredentialView> putCredentials(@RestPath String id, @RestPath String platform,
            PutCredentialRequest request) {
        Requests.requireBody(request);
        Platform target = platform(platform);
        String variant = variant(target, request.variant());
        String clientId = credential("client_id", request.clientId());
        String clientSecret = credential("client_secret", request.clientSecret());
        return projects.find(id).chain(project -> credentials.put(project.id, target, variant, clientId, clientSecret))
                .map(CredentialView::of);
    }

    @GET
    @Path("{id}/credentials")
    @Operation(summary = "List the project's platform credentials", description = "Client ids only.")
    @APIResponse(responseCode = "200", description = "The credentials, without secrets")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project")
    public Uni<List<CredentialView>> listCredentials(@RestPath String id) {
        return projects.find(id).chain(project -> credentials.list(project.id))
                .map(rows -> rows.stream().map(CredentialView::of).toList());
    }

    @DELETE
    @Path("{id}/credentials/{platform}")
    @Operation(summary = "Remove a platform's app credentials", description = "All variants, or only `?variant=`.")
    @APIResponse(responseCode = "200", description = "Removed")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token")
    @APIResponse(responseCode = "404", description = "No such project, platform or credentials")
    public Uni<Deleted> deleteCredentials(@RestPath String id, @RestPath String platform, @RestQuery String variant) {
        Platform target = platform(platform);
        Optional<String> only = variant == null ? Optional.empty() : Optional.of(variant(target, variant));
        return projects.find(id).chain(project -> credentials.delete(project.id, target, only)).map(count -> {
            if (count == 0) {
                throw ApiException.notFound("No app credentials for " + target.name() + " in this project");
            }
            return Deleted.SUCCESS;
        });
    }

    private Platform platform(String name) {
        return platforms.find(name).orElseThrow(() -> ApiException.notFound("Unknown platform '"
                + PlatformErrors.code(name) + "'; one of " + String.join(", ", platforms.names())));
    }

    private static String variant(Platform platform, String requested) {
        if (requested == null) {
            return platform.variants().get(0);
        }
        if (!platform.variants().contains(requested)) {
            throw ApiException.badRequest("variant: must be one of " + String.join(", ", platform.variants())
                    + " for " + platform.name());
        }
        return requested;
    }

    private static String name(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("name: is required");
        }
        if (value.length() > MAX_NAME) {
            throw ApiException.badRequest("name: must be at most " + MAX_NAME + " characters");
        }
        return value.trim();
    }

    private static String credential(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + ": is required");
        }
        if (value.length() > MAX_CREDENTIAL) {
            throw ApiException.badRequest(field + ": must be at most " + MAX_CREDENTIAL + " characters");
        }
        return value;
    }

    private static String textOrFail(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        return value.asText();
    }
}
