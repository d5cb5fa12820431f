package com.coachway.hub.consent;

import java.sql.Connection;
import java.sql.Timestamp;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
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

    private record Suppression(long id, String address, String category, Timestamp saidAt) {
    }

    private record Entry(long id, String address) {
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
    public void migrate(Context context) {
        convert(context.getConnection());
    }

    /** Rewrites every stored email opt-out and history entry whose address is not yet canonical. */
    void convert(Connection connection) {
        // Flyway's connection, in Flyway's transaction: used, never closed here
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        // octet_length <> char_length: a character of more than one byte in UTF-8, so not ASCII
        for (Suppression row : jdbc.sql("""
                SELECT id, address, category, said_at FROM suppressions
                WHERE channel = 'email' AND octet_length(address) <> char_length(address)
                """).query(Suppression.class).list()) {
            Optional<String> address = canonical(row.address());
            if (address.isEmpty()) {
                continue;
            }
            Optional<Long> twin = jdbc.sql("""
                    SELECT id FROM suppressions
                    WHERE channel = 'email' AND address = ? AND COALESCE(category, '*') = COALESCE(?, '*')
                    """).params(address.get(), row.category()).query(Long.class).optional();
            if (twin.isPresent()) {
                jdbc.sql("UPDATE suppressions SET said_at = GREATEST(said_at, ?) WHERE id = ?")
                        .params(row.saidAt(), twin.get()).update();
                jdbc.sql("DELETE FROM suppressions WHERE id = ?").param(row.id()).update();
            } else {
                jdbc.sql("UPDATE suppressions SET address = ? WHERE id = ?").params(address.get(), row.id()).update();
            }
        }
        for (Entry entry : jdbc.sql("""
                SELECT id, address FROM consent_history
                WHERE channel = 'email' AND octet_length(address) <> char_length(address)
                """).query(Entry.class).list()) {
            canonical(entry.address()).ifPresent(address -> jdbc.sql(
                    "UPDATE consent_history SET address = ? WHERE id = ?").params(address, entry.id()).update());
        }
    }

    // the address as the hub now writes it, when that differs from the stored one
    private static Optional<String> canonical(String stored) {
        return Addresses.canonicalEmail(stored).filter(address -> !address.equals(stored));
    }
}
