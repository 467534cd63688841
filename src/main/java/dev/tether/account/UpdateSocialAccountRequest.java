package dev.tether.account;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import dev.tether.common.StrictString;

/** Body of {@code PATCH /v1/social-accounts/{id}}: the fields given change; absent or null ones stay. */
public record UpdateSocialAccountRequest(
        @JsonDeserialize(using = StrictString.class) String username,
        @JsonDeserialize(using = StrictString.class) String externalId) {
}
