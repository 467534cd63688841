package dev.tether.connection;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.tether.common.Requests;
import dev.tether.project.Caller;
import io.smallrye.mutiny.Uni;

@Path("/v1/social-accounts/auth-url")
@Tag(name = "Social accounts")
@SecurityRequirement(name = "apiKey")
public class AuthUrlResource {

    private final ConnectionService connections;
    private final Caller caller;

    public AuthUrlResource(ConnectionService connections, Caller caller) {
        this.connections = connections;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Create an authorization link",
            description = "Records a new connection attempt (its own state and PKCE verifier) and returns the link to "
                    + "send the user to. Every call returns a new link.")
    @APIResponse(responseCode = "201", description = "The link, the platform and the attempt id")
    @APIResponse(responseCode = "400", description = "Invalid platform, permissions, platform_data or redirect_url_override")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "The project has no app credentials for the platform")
    @APIResponse(responseCode = "502", description = "The platform refused to start the authorization")
    public Uni<AuthUrlResponse> create(AuthUrlRequest request) {
        return connections.createLink(caller.projectId(), Requests.requireBody(request));
    }
}
