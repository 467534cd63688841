package dev.tether.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tether.common.ApiException;
import dev.tether.platform.PlatformException;

/**
 * The handle and app password of {@code platform_data.bluesky}, validated. Kept on the attempt (encrypted) as a
 * small JSON document until the link is opened.
 */
record BlueskyLogin(String handle, String appPassword) {

    static final String FIELD = "platform_data." + BlueskyPlatform.NAME;
    static final int MAX_HANDLE = 253;
    static final int MAX_PASSWORD = 256;

    /** Reads and checks the request's {@code platform_data.bluesky}; every problem is a 400 naming the field. */
    static BlueskyLogin fromRequest(JsonNode data) {
        if (data == null || data.isMissingNode() || data.isNull()) {
            throw ApiException.badRequest(FIELD + ": is required, with handle and app_password");
        }
        return new BlueskyLogin(handle(data.get("handle")), appPassword(data.get("app_password")));
    }

    /**
     * The handle as the hosted API cleans it: invisible formatting characters (direction marks, zero-width
     * spaces), a leading {@code @} and anything outside {@code [A-Za-z0-9_.-]} are dropped. An {@code @} inside
     * means an email address, which is refused rather than silently turned into another handle.
     */
    static String handle(JsonNode value) {
        String field = FIELD + ".handle";
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw ApiException.badRequest(field + ": is required");
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        StringBuilder visible = new StringBuilder();
        value.asText().strip().codePoints()
                .filter(c -> Character.getType(c) != Character.FORMAT)
                .forEach(visible::appendCodePoint);
        String raw = visible.toString().strip();
        if (raw.startsWith("@")) {
            raw = raw.substring(1);
        }
        if (raw.indexOf('@') >= 0) {
            throw ApiException.badRequest(field + ": must be a Bluesky handle such as alice.bsky.social, not an email address");
        }
        String handle = raw.replaceAll("[^A-Za-z0-9_.-]", "");
        if (handle.isEmpty()) {
            throw ApiException.badRequest(field + ": is required");
        }
        if (handle.length() > MAX_HANDLE || handle.indexOf('.') <= 0 || handle.endsWith(".")
                || handle.contains("..")) {
            throw ApiException.badRequest(field + ": must be a full handle such as alice.bsky.social");
        }
        return handle;
    }

    static String appPassword(JsonNode value) {
        String field = FIELD + ".app_password";
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            throw ApiException.badRequest(field + ": is required");
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        String password = value.asText();
        if (password.isBlank()) {
            throw ApiException.badRequest(field + ": is required");
        }
        if (password.length() > MAX_PASSWORD) {
            throw ApiException.badRequest(field + ": must be at most " + MAX_PASSWORD + " characters");
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(field + ": must not contain line breaks or control characters");
        }
        return password;
    }

    String toJson(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("handle", handle);
        node.put("app_password", appPassword);
        return node.toString();
    }

    /** The login stored on the attempt; a missing or unreadable one means the link can no longer sign in. */
    static BlueskyLogin fromSecret(String secret, ObjectMapper mapper) {
        JsonNode node = null;
        if (secret != null) {
            try {
                node = mapper.readTree(secret);
            } catch (Exception e) {
                node = null;
            }
        }
        if (node == null || !node.path("handle").isTextual() || !node.path("app_password").isTextual()) {
            throw new PlatformException("this link no longer holds the Bluesky sign-in details; create a new link");
        }
        return new BlueskyLogin(node.get("handle").asText(), node.get("app_password").asText());
    }

    @Override
    public String toString() {
        return "BlueskyLogin[handle=" + handle + ", appPassword=***]";
    }
}
