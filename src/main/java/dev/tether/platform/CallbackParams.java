package dev.tether.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The query parameters of a platform's redirect to the callback. */
public record CallbackParams(Map<String, List<String>> values) {

    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty() || list.get(0) == null || list.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(list.get(0));
    }

    /**
     * An OAuth 2.0 error redirect ({@code error}, {@code error_description}) as a clean message. A denial gets
     * a sentence a person understands rather than a bare code.
     */
    public Optional<String> oauthError() {
        return first("error").map(raw -> {
            String code = PlatformErrors.code(raw);
            if ("access_denied".equals(code) || "user_denied".equals(code) || "user_cancelled_login".equals(code)) {
                return "access_denied: the user cancelled the authorization";
            }
            return first("error_description")
                    .map(description -> code + ": " + PlatformErrors.clean(description))
                    .orElse(code + ": the platform reported an error");
        });
    }

    @Override
    public String toString() {
        return "CallbackParams" + values.keySet();
    }
}
