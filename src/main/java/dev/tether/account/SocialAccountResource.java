package dev.tether.account;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.tether.common.Deleted;
import dev.tether.common.Page;
import dev.tether.common.PageRequest;
import dev.tether.common.Requests;
import dev.tether.platform.PlatformRegistry;
import dev.tether.project.Caller;
import io.smallrye.mutiny.Uni;

/** The project's social accounts. Every id outside the calling key's project is a 404. */
@Path("/v1/social-accounts")
@Tag(name = "Social accounts")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class SocialAccountResource {

    private static final String FILTER = "Repeat the parameter or separate values with commas; several values match any of them.";

    private final SocialAccountService accounts;
    private final PlatformRegistry platforms;
    private final Caller caller;

    public SocialAccountResource(SocialAccountService accounts, PlatformRegistry platforms, Caller caller) {
        this.accounts = accounts;
        this.platforms = platforms;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List social accounts", description = "Newest first. `meta.next` is this request's URL for "
            + "the next page (same filters), or null on the last page.")
    @APIResponse(responseCode = "200", description = "A page of accounts")
    @APIResponse(responseCode = "400", description = "Unknown platform or status, or an invalid offset or limit")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Uni<Page<SocialAccountView>> list(
            @Parameter(description = FILTER) @RestQuery List<String> id,
            @Parameter(description = FILTER) @RestQuery List<String> platform,
            @Parameter(description = FILTER + " Exact match.") @RestQuery List<String> username,
            @Parameter(description = FILTER) @RestQuery("external_id") List<String> externalId,
            @Parameter(description = "connected or disconnected. " + FILTER) @RestQuery List<String> status,
            @Parameter(description = "Rows to skip, 0 or more (default 0)") @RestQuery String offset,
            @Parameter(description = "Page size, 1 to 100 (default 50)") @RestQuery String limit,
            @Context UriInfo uri) {
        PageRequest page = PageRequest.parse(offset, limit);
        SocialAccountFilter filter = SocialAccountFilter.parse(caller.projectId(), id, platform, username, externalId,
                status, platforms.names());
        return accounts.list(filter, page).map(slice -> Page.of(slice, page, uri));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a social account")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such account in this project")
    public Uni<SocialAccountView> get(@RestPath String id) {
        return accounts.find(caller.projectId(), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Create or overwrite a social account", description = "For tokens the app obtained "
            + "itself. An account with the same platform and user_id is overwritten and keeps its id: tokens, "
            + "expiries and metadata are replaced, username and external_id change when given.")
    @APIResponse(responseCode = "201", description = "The account, connected")
    @APIResponse(responseCode = "400", description = "A missing or invalid field, named in the message")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Uni<SocialAccountView> create(CreateSocialAccountRequest request) {
        return accounts.create(caller.projectId(), request);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a social account", description = "Changes `username` and/or `external_id`; "
            + "fields that are absent or null stay as they are.")
    @APIResponse(responseCode = "200", description = "The updated account")
    @APIResponse(responseCode = "400", description = "A field is not a string, is blank or is too long")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such account in this project")
    public Uni<SocialAccountView> update(@RestPath String id, UpdateSocialAccountRequest request) {
        Requests.requireBody(request);
        return accounts.update(caller.projectId(), id, request);
    }

    @POST
    @Path("{id}/disconnect")
    @ResponseStatus(201)
    @Operation(summary = "Disconnect a social account", description = "Erases the tokens (and any app password) "
            + "and marks the account disconnected. The account keeps its id, external_id and metadata; connecting "
            + "the same platform account again reconnects it.")
    @APIResponse(responseCode = "201", description = "The account, now disconnected")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such account in this project")
    public Uni<SocialAccountView> disconnect(@RestPath String id) {
        return accounts.disconnect(caller.projectId(), id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a social account", description = "Removes the account and its tokens for good; "
            + "connecting the same platform account later creates a new account with a new id.")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such account in this project")
    public Uni<Deleted> delete(@RestPath String id) {
        return accounts.delete(caller.projectId(), id).replaceWith(Deleted.SUCCESS);
    }
}
