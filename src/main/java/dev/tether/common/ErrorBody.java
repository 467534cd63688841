package dev.tether.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.ws.rs.core.Response;

/** The JSON error shape of every {@code /v1} and {@code /admin} endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(
        @JsonProperty("statusCode") int statusCode,
        @JsonProperty("message") String message,
        @JsonProperty("error") String error,
        @JsonProperty("correlationId") String correlationId) {

    public static ErrorBody of(int status, String message) {
        return new ErrorBody(status, message, reason(status), null);
    }

    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 422 ? "Unprocessable Entity" : "Error";
    }
}
