package dev.tether.common;

import java.util.Collection;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * The condition of a list endpoint's query: the project, then one {@code field in :field} per filter that has
 * values (a filter without values matches everything). Lists are newest first.
 */
public final class ListQuery {

    /** Newest first; the id breaks ties, so pages never overlap. */
    public static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    private final StringBuilder where = new StringBuilder("projectId = :projectId");
    private final Parameters params;

    private ListQuery(String projectId) {
        this.params = Parameters.with("projectId", projectId);
    }

    public static ListQuery forProject(String projectId) {
        return new ListQuery(projectId);
    }

    /** Adds {@code and <field> in :<field>} when {@code values} is not empty. */
    public ListQuery in(String field, Collection<?> values) {
        if (!values.isEmpty()) {
            where.append(" and ").append(field).append(" in :").append(field);
            params.and(field, values);
        }
        return this;
    }

    public String where() {
        return where.toString();
    }

    public Parameters params() {
        return params;
    }
}
