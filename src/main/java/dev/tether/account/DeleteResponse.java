package dev.tether.account;

/** Answer of {@code DELETE /v1/social-accounts/{id}}, as the hosted API gives it. */
public record DeleteResponse(boolean success) {
}
