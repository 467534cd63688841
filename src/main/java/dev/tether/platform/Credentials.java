package dev.tether.platform;

/** A project's app credentials on a platform, decrypted for the duration of one call. */
public record Credentials(String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "Credentials[clientId=" + clientId + ", clientSecret=***]";
    }
}
