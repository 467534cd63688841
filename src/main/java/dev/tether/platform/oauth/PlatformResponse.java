package dev.tether.platform.oauth;

import com.fasterxml.jackson.databind.JsonNode;

/** A platform's answer: the status and the body parsed as JSON (a missing node when it was not JSON). */
public record PlatformResponse(int status, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
