package dev.tether.webhook;

import java.util.ArrayList;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tether.common.ApiException;
import dev.tether.common.Deleted;
import dev.tether.common.Page;
import dev.tether.common.PageRequest;
import dev.tether.common.Requests;
import dev.tether.project.Caller;
import dev.tether.webhook.WebhookRequests.Create;
import io.smallrye.mutiny.Uni;

@Path("/v1/webhooks")
@Tag(name = "Webhooks", description = "Subscriptions to account events, and their delivery logs")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final List<String> EVENT_STATUSES = List.of(WebhookEvent.PENDING, WebhookEvent.DELIVERING,
            WebhookEvent.DELIVERED, WebhookEvent.FAILED);

    private final WebhookService webhooks;
    private final Caller caller;

    public WebhookResource(WebhookService webhooks, Caller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Create a webhook", description = "Subscribes `url` to `event_types`. The answer carries "
            + "the `secret` (`whsec_…`) that signs every delivery.")
    @APIResponse(responseCode = "201", description = "The webhook, with its secret")
    @APIResponse(responseCode = "400", description = "Missing or invalid url or event_types")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "409", description = "The project already has a webhook with this URL")
    public Uni<WebhookView> create(Create request) {
        Requests.requireBody(request);
        String url = webhooks.url(request.url());
        List<String> eventTypes = WebhookService.eventTypes(request.eventTypes());
        return webhooks.create(caller.projectId(), url, eventTypes);
    }

    @GET
    @Operation(summary = "List webhooks", description = "Newest first. Filters `id`, `url`, `event_type` take "
            + "repeated or comma-separated values; each webhook lists all of its event types.")
    @APIResponse(responseCode = "200", description = "A page of webhooks")
    @APIResponse(responseCode = "400", description = "Invalid filter, offset or limit")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Uni<Page<WebhookView>> list(@RestQuery List<String> id, @RestQuery List<String> url,
            @RestQuery("event_type") List<String> eventType, @RestQuery String offset, @RestQuery String limit,
            @Context UriInfo uri) {
        PageRequest page = PageRequest.parse(offset, limit);
        List<String> types = Requests.splitFilter(eventType);
        for (String type : types) {
            if (WebhookEventType.fromWire(type).isEmpty()) {
                throw ApiException.badRequest("event_type: unknown event type '" + type + "'; one of "
                        + String.join(", ", WebhookEventType.wireNames()));
            }
        }
        WebhookRepository.Filter filter = new WebhookRepository.Filter(caller.projectId(), Requests.splitFilter(id),
                Requests.splitFilter(url), types);
        return webhooks.list(filter, page).map(slice -> Page.of(slice, page, uri));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a webhook")
    @APIResponse(responseCode = "200", description = "The webhook, with its secret")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook in this project")
    public Uni<WebhookView> get(@RestPath String id) {
        return webhooks.find(caller.projectId(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a webhook", description = "`url` replaces the URL; `event_types` replaces the "
            + "subscribed set; `status` `disabled` stops deliveries (queued events fail), `enabled` resumes them.")
    @APIResponse(responseCode = "200", description = "The updated webhook")
    @APIResponse(responseCode = "400", description = "Invalid url, event_types or status")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook in this project")
    @APIResponse(responseCode = "409", description = "The project already has a webhook with this URL")
    public Uni<WebhookView> update(@RestPath String id, ObjectNode patch) {
        Requests.requireBody(patch);
        String url = patch.has("url") ? webhooks.url(text(patch, "url")) : null;
        List<String> eventTypes = patch.has("event_types") ? WebhookService.eventTypes(strings(patch, "event_types"))
                : null;
        String status = null;
        if (patch.has("status")) {
            status = text(patch, "status");
            if (!Webhook.ENABLED.equals(status) && !Webhook.DISABLED.equals(status)) {
                throw ApiException.badRequest("status: must be enabled or disabled");
            }
        }
        return webhooks.update(caller.projectId(), id, new WebhookService.Change(url, eventTypes, status));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a webhook", description = "Its delivery log goes with it.")
    @APIResponse(responseCode = "200", description = "`{\"success\": true}`")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook in this project")
    public Uni<Deleted> delete(@RestPath String id) {
        return webhooks.delete(caller.projectId(), id).replaceWith(Deleted.SUCCESS);
    }

    @POST
    @Path("{id}/rotate-secret")
    @ResponseStatus(201)
    @Operation(summary = "Rotate the signing secret", description = "Every attempt from now on, retries of "
            + "earlier events included, is signed with the new secret only.")
    @APIResponse(responseCode = "201", description = "The webhook, with its new secret")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook in this project")
    public Uni<WebhookView> rotateSecret(@RestPath String id) {
        return webhooks.rotateSecret(caller.projectId(), id);
    }

    @GET
    @Path("{id}/events")
    @Operation(summary = "List a webhook's deliveries", description = "Newest first: status, attempts, last "
            + "status code and error, next attempt. Filters `id`, `status`, `event_type`.")
    @APIResponse(responseCode = "200", description = "A page of deliveries")
    @APIResponse(responseCode = "400", description = "Invalid filter, offset or limit")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook in this project")
    public Uni<Page<WebhookEventView>> events(@RestPath String id, @RestQuery("id") List<String> eventId,
            @RestQuery List<String> status, @RestQuery("event_type") List<String> eventType,
            @RestQuery String offset, @RestQuery String limit, @Context UriInfo uri) {
        PageRequest page = PageRequest.parse(offset, limit);
        List<String> statuses = Requests.splitFilter(status);
        for (String value : statuses) {
            if (!EVENT_STATUSES.contains(value)) {
                throw ApiException.badRequest("status: unknown status '" + value + "'; one of "
                        + String.join(", ", EVENT_STATUSES));
            }
        }
        return webhooks.listEvents(caller.projectId(), id, Requests.splitFilter(eventId), statuses,
                Requests.splitFilter(eventType), page)
                .map(slice -> Page.of(slice, page, uri));
    }

    @GET
    @Path("{id}/events/{eventId}")
    @Operation(summary = "Get one delivery")
    @APIResponse(responseCode = "200", description = "The delivery")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook or event")
    public Uni<WebhookEventView> event(@RestPath String id, @RestPath String eventId) {
        return webhooks.findEvent(caller.projectId(), id, eventId);
    }

    @POST
    @Path("{id}/events/{eventId}/redeliver")
    @ResponseStatus(202)
    @Operation(summary = "Redeliver an event", description = "Queues it now with a fresh retry schedule; the "
            + "receiver gets the same body and webhook-id (deduplicate on it).")
    @APIResponse(responseCode = "202", description = "Queued; the delivery as it now stands")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such webhook or event")
    @APIResponse(responseCode = "409", description = "The webhook is disabled, or an attempt is in progress")
    public Uni<WebhookEventView> redeliver(@RestPath String id, @RestPath String eventId) {
        return webhooks.redeliver(caller.projectId(), id, eventId);
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        return value.asText();
    }

    private static List<String> strings(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw ApiException.badRequest(field + ": must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw ApiException.badRequest(field + "[" + i + "]: must be a string");
            }
            result.add(value.get(i).asText());
        }
        return result;
    }
}
