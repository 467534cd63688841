package dev.tether.connection;

import java.util.List;

/** The filters of the attempt list; an empty list means "any". */
public record AttemptFilter(String projectId, List<String> ids, List<String> platforms,
        List<AttemptStatus> statuses, List<String> externalIds) {
}
