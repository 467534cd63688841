package dev.tether.connection;

import java.util.List;

import dev.tether.project.Project;

/**
 * How a callback ended, for the redirect back to the app.
 *
 * @param project null when the project in the path is unknown (there is nowhere to send the user)
 */
public record CallbackOutcome(Project project, String provider, List<String> accountIds,
        List<String> failedAccountIds, List<String> errors) {

    public static CallbackOutcome unknownProject() {
        return new CallbackOutcome(null, null, List.of(), List.of(), List.of("Unknown project"));
    }

    public static CallbackOutcome failed(Project project, String provider, String error) {
        return new CallbackOutcome(project, provider, List.of(), List.of(), List.of(error));
    }

    public boolean success() {
        return !accountIds.isEmpty();
    }
}
