package dev.tether.common;

import java.util.Collection;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * The condition of a list endpoint's query: the owner (a project, a webhook), then one {@code field in :field}
 * per filter that has values (a filter without values matches everything). Lists are newest first.
 */
public final class ListQuery {

    /** Newest first; the id breaks ties, so pages never overlap. */
    public static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    private final StringBuilder where;
    private final Parameters params;

    private ListQuery(String ownerField, Object owner) {
        this.where = new StringBuilder(ownerField).append(" = :").append(ownerField);
        this.params = Parameters.with(ownerField, owner);
    }

    public static ListQuery forProject(String projectId) {
        return new ListQuery("projectId", projectId);
    }

    /** Rows of one owner other than a project, e.g. {@code ListQuery.of("webhookId", id)}. */
    public static ListQuery of(String ownerField, Object owner) {
        return new ListQuery(ownerField, owner);
    }

    /** Adds {@code and <field> in :<field>} when {@code values} is not empty. */
    public ListQuery in(String field, Collection<?> values) {
        if (!values.isEmpty()) {
            where.append(" and ").append(field).append(" in :").append(field);
            params.and(field, values);
        }
        return this;
    }

    /** Adds {@code and <condition>} binding {@code :<param>} when {@code values} is not empty. */
    public ListQuery when(Collection<?> values, String condition, String param, Object bound) {
        if (!values.isEmpty()) {
            where.append(" and ").append(condition);
            params.and(param, bound);
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
