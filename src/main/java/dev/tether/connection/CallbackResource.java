package dev.tether.connection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import dev.tether.common.Html;
import dev.tether.platform.CallbackParams;
import dev.tether.platform.oauth.Urls;
import io.smallrye.mutiny.Uni;

/** Where platforms send the user's browser after the consent screen. */
@Path("/callback/{projectId}/{platform}/account")
@Tag(name = "Callback", description = "The OAuth redirect URI registered with each platform")
public class CallbackResource {

    private final ConnectionService connections;

    public CallbackResource(ConnectionService connections) {
        this.connections = connections;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Complete a connection",
            description = "Claims the attempt named by `state` (single use), exchanges the code, stores the accounts and "
                    + "redirects to the project's callback URL with provider, projectId, isSuccess, accountIds, "
                    + "failedAccountIds and error.")
    @APIResponse(responseCode = "302", description = "Back to the project's callback URL, success or failure")
    @APIResponse(responseCode = "200", description = "Result page, when the project has no callback URL")
    @APIResponse(responseCode = "400", description = "Unknown project: an HTML page, as there is nowhere to send the user")
    public Uni<Response> complete(@RestPath String projectId, @RestPath String platform, @Context UriInfo uri) {
        CallbackParams params = new CallbackParams(Map.copyOf(uri.getQueryParameters()));
        return connections.complete(projectId, platform, params).map(CallbackResource::respond);
    }

    static Response respond(CallbackOutcome outcome) {
        if (outcome.project() == null) {
            return Html.response(400, "Connection failed",
                    "<h1 class=\"error\">Connection failed</h1><p>" + Html.escape(String.join(" | ", outcome.errors()))
                            + ".</p><p>This link does not belong to a known project, so there is no app to return to.</p>");
        }
        String callbackUrl = outcome.project().callbackUrl;
        if (callbackUrl == null || callbackUrl.isBlank()) {
            return resultPage(outcome);
        }
        return Html.noStore(Response.status(Response.Status.FOUND))
                .header("Location", redirectUrl(callbackUrl, outcome))
                .build();
    }

    /**
     * The project's callback URL with the outcome parameters in the hosted API's order. {@code failedAccountIds}
     * and {@code error} appear only when non-empty; an existing query string is kept.
     */
    static String redirectUrl(String callbackUrl, CallbackOutcome outcome) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("provider", outcome.provider());
        params.put("projectId", outcome.project().id);
        params.put("isSuccess", Boolean.toString(outcome.success()));
        params.put("accountIds", String.join(",", outcome.accountIds()));
        params.put("failedAccountIds", outcome.failedAccountIds().isEmpty() ? null : String.join(",", outcome.failedAccountIds()));
        params.put("error", outcome.errors().isEmpty() ? null : String.join("|", outcome.errors()));
        return Urls.withQuery(callbackUrl, params);
    }

    private static Response resultPage(CallbackOutcome outcome) {
        StringBuilder body = new StringBuilder();
        if (outcome.success()) {
            body.append("<h1 class=\"ok\">Account connected</h1>");
        } else {
            body.append("<h1 class=\"error\">Connection failed</h1>");
        }
        body.append("<p>Platform: ").append(Html.escape(outcome.provider())).append("</p>");
        if (!outcome.accountIds().isEmpty()) {
            body.append("<p>Accounts: ").append(Html.escape(String.join(", ", outcome.accountIds()))).append("</p>");
        }
        List<String> errors = outcome.errors();
        if (!errors.isEmpty()) {
            body.append("<p class=\"error\">Error: ").append(Html.escape(String.join(" | ", errors))).append("</p>");
        }
        body.append("<p>You can close this window.</p>");
        return Html.response(200, outcome.success() ? "Account connected" : "Connection failed", body.toString());
    }
}
