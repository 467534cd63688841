package dev.tether.platform.oauth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A platform's answer: the status, the body parsed as JSON (a missing node when it was not JSON) and the body
 * as text (for the few answers that are not JSON, such as OAuth 1.0a's form-encoded token responses).
 */
public record PlatformResponse(int status, JsonNode body, String text) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "PlatformResponse[status=" + status + "]";
    }
}
