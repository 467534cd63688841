package dev.tether.account;

import java.util.List;

import dev.tether.common.ApiException;
import dev.tether.common.Requests;
import dev.tether.platform.PlatformErrors;

/** The filters of the account list; an empty list means "any", several values mean "any of them". */
public record SocialAccountFilter(String projectId, List<String> ids, List<String> platforms,
        List<String> usernames, List<String> externalIds, List<String> statuses) {

    private static final List<String> STATUSES = List.of(SocialAccount.CONNECTED, SocialAccount.DISCONNECTED);

    /**
     * Reads the raw query parameters (repeated and/or comma-separated). An unknown {@code status} or
     * {@code platform} is a 400 naming the value, not a filter that silently matches everything or nothing.
     */
    public static SocialAccountFilter parse(String projectId, List<String> id, List<String> platform,
            List<String> username, List<String> externalId, List<String> status, List<String> knownPlatforms) {
        List<String> platforms = Requests.splitFilter(platform);
        for (String value : platforms) {
            if (!knownPlatforms.contains(value)) {
                throw ApiException.badRequest("platform: unknown platform '" + PlatformErrors.code(value)
                        + "'; one of " + String.join(", ", knownPlatforms));
            }
        }
        List<String> statuses = Requests.splitFilter(status);
        for (String value : statuses) {
            if (!STATUSES.contains(value)) {
                throw ApiException.badRequest("status: unknown status '" + PlatformErrors.code(value)
                        + "'; one of " + String.join(", ", STATUSES));
            }
        }
        return new SocialAccountFilter(projectId, Requests.splitFilter(id), platforms, Requests.splitFilter(username),
                Requests.splitFilter(externalId), statuses);
    }
}
