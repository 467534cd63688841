package dev.tether.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure of a JSON endpoint into the error shape of the spec. 4xx messages name the problem;
 * anything unexpected becomes a 500 with a generic message and a correlation id that is also logged.
 * Class names, stack traces and request values never reach the client.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(v -> describe(v))
                .sorted()
                .collect(Collectors.joining("; "));
        return json(400, message.isEmpty() ? "The request is invalid" : message);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return json(400, "The request body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(400, describeMismatch(e));
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e) {
        return json(400, describeMismatch(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonParseException) {
            return malformedJson((JsonParseException) cause);
        }
        if (cause instanceof JsonMappingException) {
            return json(400, describeMismatch((JsonMappingException) cause));
        }
        if (cause instanceof JsonProcessingException) {
            return json(400, "The request body is not valid JSON");
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return json(status, describeStatus(status));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, correlation id %s", correlationId);
        return Response.status(500)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(500, "Internal server error", ErrorBody.reason(500), correlationId))
                .build();
    }

    public static Response json(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(status, message))
                .build();
    }

    private static String describeStatus(int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "The requested media type is not available; ask for application/json";
            case 415 -> "Unsupported content type; send application/json";
            case 401 -> "Authentication required";
            default -> ErrorBody.reason(status);
        };
    }

    private static String describe(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    String name = SNAKE.translate(node.getName());
                    names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
                } else if (node.getIndex() != null && !names.isEmpty()) {
                    int last = names.size() - 1;
                    names.set(last, names.get(last) + "[" + node.getIndex() + "]");
                }
            }
        }
        String field = names.isEmpty()
                ? (parameter == null ? "request" : SNAKE.translate(parameter))
                : String.join(".", names);
        return field + ": " + violation.getMessage();
    }

    static String describeMismatch(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String expected = "";
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            expected = " (expected " + kind(mismatch.getTargetType()) + ")";
        }
        if (field.isEmpty()) {
            return "The request body has the wrong shape" + (expected.isEmpty() ? " (expected a JSON object)" : expected);
        }
        return field + ": wrong type" + expected;
    }

    private static String kind(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || com.fasterxml.jackson.databind.node.ObjectNode.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "a different type";
    }
}
