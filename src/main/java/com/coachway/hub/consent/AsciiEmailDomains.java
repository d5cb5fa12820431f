package com.coachway.hub.consent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration 29: email addresses stored before the hub wrote a domain in its ASCII form ({@link Addresses#email}).
 * An opt-out of {@code ana@exämple.com} kept as written would no longer match the {@code ana@xn--exmple-cua.com} a
 * send now looks up, and the person would be written to again. Each such opt-out is rewritten to the canonical
 * address; where the canonical one was opted out too, the two become one, keeping the later time it was asked for
 * (a late START must not undo it). The history follows, so the address's history stays whole. Java, as PostgreSQL
 * has no IDNA; Spring Boot hands this bean to Flyway beside the SQL migrations.
 */
@Component
class AsciiEmailDomains implements JavaMigration {

    private record Row(long id, String address, String category, Timestamp saidAt) {
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("29");
    }

    @Override
    public String getDescription() {
        return "ascii email domains";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        convert(context.getConnection());
    }

    /** Rewrites every stored email opt-out and history entry whose address is not yet canonical. */
    void convert(Connection connection) throws SQLException {
        // a character of more than one byte in UTF-8 is not ASCII
        for (Row row : rows(connection, "SELECT id, address, category, said_at FROM suppressions "
                + "WHERE channel = 'email' AND octet_length(address) <> char_length(address)")) {
            Optional<String> canonical = Addresses.canonicalEmail(row.address());
            if (canonical.isEmpty() || canonical.get().equals(row.address())) {
                continue;
            }
            Optional<Long> twin = twin(connection, canonical.get(), row.category());
            if (twin.isPresent()) {
                update(connection, "UPDATE suppressions SET said_at = GREATEST(said_at, ?) WHERE id = ?", row.saidAt(),
                        twin.get());
                update(connection, "DELETE FROM suppressions WHERE id = ?", row.id());
            } else {
                update(connection, "UPDATE suppressions SET address = ? WHERE id = ?", canonical.get(), row.id());
            }
        }
        for (Row row : rows(connection, "SELECT id, address, category, NULL AS said_at FROM consent_history "
                + "WHERE channel = 'email' AND octet_length(address) <> char_length(address)")) {
            Optional<String> canonical = Addresses.canonicalEmail(row.address());
            if (canonical.isPresent() && !canonical.get().equals(row.address())) {
                update(connection, "UPDATE consent_history SET address = ? WHERE id = ?", canonical.get(), row.id());
            }
        }
    }

    private static List<Row> rows(Connection connection, String sql) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong("id"), result.getString("address"), result.getString("category"),
                        result.getTimestamp("said_at")));
            }
        }
        return rows;
    }

    private static Optional<Long> twin(Connection connection, String address, String category) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM suppressions WHERE channel = "
                + "'email' AND address = ? AND COALESCE(category, '*') = COALESCE(?, '*')")) {
            statement.setString(1, address);
            statement.setString(2, category);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
