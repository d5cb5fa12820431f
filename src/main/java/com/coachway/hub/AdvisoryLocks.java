package com.coachway.hub;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's transaction-scoped advisory locks on a text key: what the hub takes where there is no row to lock yet
 * (a name not created, a digest not opened), so writers on any instance queue one after the other.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Waits for the lock on {@code key} and holds it until the caller's transaction ends. */
    public static void hold(JdbcClient jdbc, String key) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))").param("key", key).query().listOfRows();
    }
}
