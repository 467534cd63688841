package dev.tether.connection;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.tether.common.ApiException;
import dev.tether.common.Ids;
import dev.tether.common.Page;
import dev.tether.common.PageRequest;
import dev.tether.common.Requests;
import dev.tether.project.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@Path("/v1/connection-attempts")
@Tag(name = "Connection attempts", description = "Every authorization link and what became of it")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class AttemptResource {

    private final ConnectionAttemptRepository attempts;
    private final Caller caller;

    public AttemptResource(ConnectionAttemptRepository attempts, Caller caller) {
        this.attempts = attempts;
        this.caller = caller;
    }

    @GET
    @WithSession
    @Operation(summary = "List connection attempts", description = "Newest first. Filters take repeated or "
            + "comma-separated values.")
    @APIResponse(responseCode = "200", description = "A page of attempts")
    @APIResponse(responseCode = "400", description = "Invalid filter, offset or limit")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Uni<Page<AttemptView>> list(@RestQuery List<String> id, @RestQuery List<String> platform,
            @RestQuery List<String> status, @RestQuery("external_id") List<String> externalId,
            @RestQuery String offset, @RestQuery String limit, @Context UriInfo uri) {
        PageRequest page = PageRequest.parse(offset, limit);
        List<AttemptStatus> statuses = Requests.splitFilter(status).stream()
                .map(value -> AttemptStatus.fromWire(value).orElseThrow(() -> ApiException.badRequest(
                        "status: unknown status '" + value + "'; one of pending, processing, succeeded, failed, abandoned")))
                .toList();
        AttemptFilter filter = new AttemptFilter(caller.projectId(), Requests.splitFilter(id),
                Requests.splitFilter(platform), statuses, Requests.splitFilter(externalId));
        return page.fetch(attempts.search(filter), AttemptView::of).map(slice -> Page.of(slice, page, uri));
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "Get a connection attempt")
    @APIResponse(responseCode = "200", description = "The attempt")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such attempt in this project")
    public Uni<AttemptView> get(@RestPath String id) {
        if (!Ids.looksLike(Ids.ATTEMPT, id)) {
            return Uni.createFrom().failure(ApiException.notFound("Connection attempt not found"));
        }
        return attempts.findForProject(caller.projectId(), id).map(attempt -> {
            if (attempt == null) {
                throw ApiException.notFound("Connection attempt not found");
            }
            return AttemptView.of(attempt);
        });
    }
}
