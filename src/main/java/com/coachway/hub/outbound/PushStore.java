package com.coachway.hub.outbound;

import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code outbound_pushes} table: one row per destination and event. */
@Component
class PushStore {

    private final JdbcClient jdbc;

    PushStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A push's row.
     *
     * @param id row id
     * @param status pending, delivered, superseded or parked
     * @param attempts requests made so far
     */
    record Push(long id, String status, int attempts) {
    }

    /** The row of this push, created pending if it is new, locked until the caller's transaction ends. */
    Push claim(String destination, PushEvent event) {
        jdbc.sql("""
                INSERT INTO outbound_pushes (destination, event_id, event_source, event_type, subject, event_time)
                VALUES (:destination, :eventId, :source, :type, :subject, :time)
                ON CONFLICT (destination, event_id) DO NOTHING
                """)
                .param("destination", destination)
                .param("eventId", event.id())
                .param("source", event.source())
                .param("type", event.type())
                .param("subject", event.subject())
                .param("time", event.time() == null ? null : Timestamp.from(event.time()))
                .update();
        return jdbc.sql("""
                SELECT id, status, attempts FROM outbound_pushes
                WHERE destination = :destination AND event_id = :eventId FOR UPDATE
                """)
                .param("destination", destination)
                .param("eventId", event.id())
                .query((rs, row) -> new Push(rs.getLong("id"), rs.getString("status"), rs.getInt("attempts")))
                .single();
    }

    /** A replayed push that was parked is pending again. */
    void reopen(long id) {
        jdbc.sql("UPDATE outbound_pushes SET status = 'pending' WHERE id = :id AND status = 'parked'")
                .param("id", id)
                .update();
    }

    /** Whether a later event for the same subject has already reached the destination. */
    boolean newerDelivered(String destination, PushEvent event) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM outbound_pushes
                WHERE destination = :destination AND subject = :subject AND status = 'delivered'
                  AND event_time > :time AND event_id <> :eventId)
                """)
                .param("destination", destination)
                .param("subject", event.subject())
                .param("time", Timestamp.from(event.time()))
                .param("eventId", event.id())
                .query(Boolean.class)
                .single();
    }

    /** The id of an earlier event for the same subject that is still on its way, if any. */
    Optional<String> olderPending(String destination, PushEvent event) {
        return jdbc.sql("""
                SELECT event_id FROM outbound_pushes
                WHERE destination = :destination AND subject = :subject AND status = 'pending'
                  AND event_time < :time AND event_id <> :eventId
                ORDER BY event_time LIMIT 1
                """)
                .param("destination", destination)
                .param("subject", event.subject())
                .param("time", Timestamp.from(event.time()))
                .param("eventId", event.id())
                .query(String.class)
                .optional();
    }

    void attempted(long id, Integer status, String error) {
        jdbc.sql("""
                UPDATE outbound_pushes SET attempts = attempts + 1, last_status = :status, last_error = :error,
                    last_at = now()
                WHERE id = :id
                """)
                .param("status", status)
                .param("error", error)
                .param("id", id)
                .update();
    }

    void delivered(long id, int status) {
        jdbc.sql("""
                UPDATE outbound_pushes SET status = 'delivered', attempts = attempts + 1, last_status = :status,
                    last_error = NULL, last_at = now(), delivered_at = now()
                WHERE id = :id
                """)
                .param("status", status)
                .param("id", id)
                .update();
    }

    void mark(long id, String status, String detail) {
        jdbc.sql("""
                UPDATE outbound_pushes SET status = :status, last_error = COALESCE(:detail, last_error),
                    last_at = now()
                WHERE id = :id
                """)
                .param("status", status)
                .param("detail", detail)
                .param("id", id)
                .update();
    }

    /** Marks the push of a parked message parked (the parking listener's side). */
    void parked(String destination, String eventId, String reason) {
        jdbc.sql("""
                UPDATE outbound_pushes SET status = 'parked', last_error = :reason, last_at = now()
                WHERE destination = :destination AND event_id = :eventId AND status = 'pending'
                """)
                .param("reason", reason)
                .param("destination", destination)
                .param("eventId", eventId)
                .update();
    }
}
