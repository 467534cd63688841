package dev.tether.platform;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tether.common.ApiException;

/** Reading a platform's entry of {@code platform_data}. */
public final class PlatformData {

    private PlatformData() {
    }

    /**
     * {@code platform_data.<platform>.connection_type}: empty when absent or null, else one of {@code allowed}; any
     * other value is a 400 naming the field and the allowed values.
     */
    public static Optional<String> connectionType(String platform, JsonNode platformData, List<String> allowed) {
        JsonNode type = platformData == null ? null : platformData.get("connection_type");
        if (type == null || type.isNull()) {
            return Optional.empty();
        }
        if (!type.isTextual() || !allowed.contains(type.asText())) {
            throw ApiException.badRequest("platform_data." + platform + ".connection_type: must be one of "
                    + String.join(", ", allowed));
        }
        return Optional.of(type.asText());
    }
}
