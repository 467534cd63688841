package dev.tether.connection;

/** The link to send the user to; {@code platform} echoes the request, {@code attempt_id} is Tether's addition. */
public record AuthUrlResponse(String url, String platform, String attemptId) {

    @Override
    public String toString() {
        return "AuthUrlResponse[platform=" + platform + ", attemptId=" + attemptId + "]";
    }
}
