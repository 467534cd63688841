package dev.tether.account;

/** Body of {@code PATCH /v1/social-accounts/{id}}: the fields given change; absent or null ones stay. */
public record UpdateSocialAccountRequest(
        String username,
        String externalId) {
}
