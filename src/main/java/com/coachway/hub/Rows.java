package com.coachway.hub;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reading JDBC rows the same way everywhere. */
public final class Rows {

    private Rows() {
    }

    /** A {@code timestamptz} column as an instant, or null when the column is null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * One page of a listing and the count of everything that matches it.
     *
     * @param items the page
     * @param total how many match, on every page
     */
    public record Paged<T>(List<T> items, long total) {
    }

    /**
     * Runs a listing written as the listings here are: one statement that binds {@code :size} and {@code :offset},
     * gives the count of all matches in column {@code total} on every row, and one row whose {@code key} column is
     * null when the page is empty (the count left-joined to the page), so a page and its total are read at once.
     */
    public static <T> Paged<T> page(JdbcClient.StatementSpec listing, int page, int size, String key,
            RowMapper<T> row) {
        List<T> items = new ArrayList<>();
        long[] total = {0};
        listing.param("size", size)
                .param("offset", (long) page * size)
                .query(rs -> {
                    total[0] = rs.getLong("total");
                    if (rs.getObject(key) != null) {
                        items.add(row.mapRow(rs, items.size()));
                    }
                });
        return new Paged<>(items, total[0]);
    }
}
