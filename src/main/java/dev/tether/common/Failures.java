package dev.tether.common;

/** Recognizes database failures a service handles itself. */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
    }

    /** True when the failure, or one of its causes, is a PostgreSQL unique-key violation. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
