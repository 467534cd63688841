package dev.tether.platform.oauth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.common.ApiException;
import dev.tether.platform.Permission;

/**
 * The scope rule shared by every platform: the defaults, plus the {@code feeds} extras when asked for;
 * a non-empty {@code platform_data.<platform>.permission_overrides} replaces both.
 */
public final class Scopes {

    private static final int MAX_SCOPES = 50;
    private static final int MAX_SCOPE_LENGTH = 200;

    private Scopes() {
    }

    public static List<String> resolve(String platform, List<String> defaults, List<String> feedsExtras,
            Set<Permission> permissions, JsonNode platformData) {
        List<String> overrides = overrides(platform, platformData);
        if (!overrides.isEmpty()) {
            return overrides;
        }
        Set<String> scopes = new LinkedHashSet<>(defaults);
        if (permissions.contains(Permission.FEEDS)) {
            scopes.addAll(feedsExtras);
        }
        return List.copyOf(scopes);
    }

    static List<String> overrides(String platform, JsonNode platformData) {
        JsonNode node = platformData == null ? null : platformData.get("permission_overrides");
        if (node == null || node.isNull()) {
            return List.of();
        }
        String field = "platform_data." + platform + ".permission_overrides";
        if (!node.isArray()) {
            throw ApiException.badRequest(field + ": must be an array of scope strings");
        }
        if (node.size() > MAX_SCOPES) {
            throw ApiException.badRequest(field + ": at most " + MAX_SCOPES + " scopes");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode scope = node.get(i);
            if (!scope.isTextual() || scope.asText().isBlank() || scope.asText().length() > MAX_SCOPE_LENGTH
                    || scope.asText().chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
                throw ApiException.badRequest(field + "[" + i + "]: must be a scope name (a non-empty string without spaces or commas)");
            }
            scopes.add(scope.asText());
        }
        return new ArrayList<>(scopes);
    }
}
