package dev.tether.project;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.tether.common.ErrorMapper;
import dev.tether.common.Hashing;
import dev.tether.common.TetherConfig;
import io.smallrye.mutiny.Uni;

/**
 * Default-deny authentication by path: every {@code /v1} call needs a project API key and every
 * {@code /admin} call the operator token, both as {@code Authorization: Bearer …}. Failures are 401 with the
 * hosted API's messages and nothing about why the credential did not match.
 */
public class AuthenticationFilter {

    static final String MISSING = "Authorization token not found.";
    static final String INVALID = "Invalid or expired token";

    private final ProjectService projects;
    private final Caller caller;
    private final TetherConfig config;

    public AuthenticationFilter(ProjectService projects, Caller caller, TetherConfig config) {
        this.projects = projects;
        this.caller = caller;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (isUnder(path, "/v1")) {
            Optional<String> token = bearer(request);
            if (token.isEmpty()) {
                return Uni.createFrom().item(unauthorized(MISSING));
            }
            return projects.authenticate(token.get()).map(projectId -> {
                if (projectId == null) {
                    return unauthorized(INVALID);
                }
                caller.authenticatedAs(projectId);
                return null;
            });
        }
        if (isUnder(path, "/admin")) {
            Optional<String> token = bearer(request);
            if (token.isEmpty()) {
                return Uni.createFrom().item(unauthorized(MISSING));
            }
            boolean valid = Hashing.constantTimeEquals(config.adminToken(), token.get());
            return Uni.createFrom().item(valid ? null : unauthorized(INVALID));
        }
        return Uni.createFrom().nullItem();
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static Optional<String> bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.trim().split(" +");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    private static Response unauthorized(String message) {
        return Response.fromResponse(ErrorMapper.json(401, message))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }
}
