package com.coachway.hub;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Reading JDBC rows the same way everywhere. */
public final class Rows {

    private Rows() {
    }

    /** A {@code timestamptz} column as an instant, or null when the column is null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
