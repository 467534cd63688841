package dev.tether.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import dev.tether.common.ApiException;

/** Every enabled platform by name, plus the hosted API's legacy names that select a variant. */
@ApplicationScoped
public class PlatformRegistry {

    /** A platform and, when the name used selects one, its variant. */
    public record Selection(Platform platform, Optional<String> variant) {
    }

    /** Names the hosted API accepts for one variant of a platform. */
    private static final Map<String, String[]> ALIASES = Map.of(
            "x_oauth2", new String[] { "x", "oauth2" },
            "instagram_w_facebook", new String[] { "instagram", "facebook" });

    private final Map<String, Platform> platforms = new TreeMap<>();

    public PlatformRegistry(@Any Instance<Platform> all) {
        for (Platform platform : all) {
            if (platform.enabled()) {
                platforms.put(platform.name(), platform);
            }
        }
    }

    public Optional<Platform> find(String name) {
        return Optional.ofNullable(name == null ? null : platforms.get(name));
    }

    public List<String> names() {
        return List.copyOf(platforms.keySet());
    }

    /** Resolves a platform named in a request; {@code field} names the field in the 400 answer. */
    public Selection select(String field, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest(field + ": is required; one of " + String.join(", ", names()));
        }
        Platform direct = platforms.get(name);
        if (direct != null) {
            return new Selection(direct, Optional.empty());
        }
        String[] alias = ALIASES.get(name);
        if (alias != null && platforms.containsKey(alias[0]) && platforms.get(alias[0]).variants().contains(alias[1])) {
            return new Selection(platforms.get(alias[0]), Optional.of(alias[1]));
        }
        throw ApiException.badRequest(field + ": unknown platform '" + PlatformErrors.code(name) + "'; one of "
                + String.join(", ", names()));
    }
}
