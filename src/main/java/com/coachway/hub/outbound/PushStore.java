package com.coachway.hub.outbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;

/** The {@code outbound_pushes} table: one row per destination and event, from when the push is queued. */
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
     * @param status where it stands
     * @param attempts requests made so far
     */
    record Push(long id, PushStatus status, int attempts) {
    }

    /**
     * The row of a push that is on its way, pending, made when the push is queued (so ops can see a push its
     * destination has not taken yet); nothing if it has one.
     */
    void expect(String destination, PushEvent event) {
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
    }

    /**
     * The row of this push, created pending if it is new (a message queued by a hub that did not make rows when it
     * queued, or by hand), locked until the caller's transaction ends.
     */
    Push claim(String destination, PushEvent event) {
        expect(destination, event);
        return jdbc.sql("""
                SELECT id, status, attempts FROM outbound_pushes
                WHERE destination = :destination AND event_id = :eventId FOR UPDATE
                """)
                .param("destination", destination)
                .param("eventId", event.id())
                .query((rs, row) -> new Push(rs.getLong("id"), PushStatus.of(rs.getString("status")).orElseThrow(),
                        rs.getInt("attempts")))
                .single();
    }

    /**
     * Records a push to a switched-off destination as skipped, unless it already ended (a redelivered message of one
     * delivered before the switch).
     *
     * @return {@code skipped}, or what it already was
     */
    String skip(String destination, PushEvent event, String reason) {
        Push push = claim(destination, event);
        if (push.status() != PushStatus.PENDING && push.status() != PushStatus.PARKED) {
            return push.status().wire();
        }
        mark(push.id(), PushStatus.SKIPPED, reason);
        return PushStatus.SKIPPED.wire();
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

    /**
     * The pushes to one destination still on their way.
     *
     * @param count how many
     * @param oldest when the oldest was queued, or null
     * @param lastError what the latest failed attempt among them got, or null
     */
    record Waiting(long count, Instant oldest, String lastError) {
    }

    Waiting waiting(String destination) {
        return jdbc.sql("""
                SELECT count(*) AS n, min(first_at) AS oldest,
                       (SELECT last_error FROM outbound_pushes
                        WHERE destination = :destination AND status = 'pending' AND last_error IS NOT NULL
                        ORDER BY last_at DESC NULLS LAST LIMIT 1) AS last_error
                FROM outbound_pushes WHERE destination = :destination AND status = 'pending'
                """)
                .param("destination", destination)
                .query((rs, row) -> new Waiting(rs.getLong("n"), Rows.instant(rs, "oldest"),
                        rs.getString("last_error")))
                .single();
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

    void mark(long id, PushStatus status, String detail) {
        jdbc.sql("""
                UPDATE outbound_pushes SET status = :status, last_error = COALESCE(:detail, last_error),
                    last_at = now()
                WHERE id = :id
                """)
                .param("status", status.wire())
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

    /**
     * Marks the push of a discarded dead letter discarded, with who gave it up and why; the destination's last answer
     * stays with it.
     */
    void discarded(String destination, String eventId, Discarded discarded) {
        jdbc.sql("""
                UPDATE outbound_pushes SET status = 'discarded', last_at = now(), discarded_by = :by,
                    discarded_at = now(), discard_reason = :reason, dead_letter_id = :deadLetter
                WHERE destination = :destination AND event_id = :eventId AND status = 'parked'
                """)
                .param("by", discarded.by())
                .param("reason", discarded.reason())
                .param("deadLetter", discarded.deadLetterId())
                .param("destination", destination)
                .param("eventId", eventId)
                .update();
    }

    /**
     * Who gave a push up.
     *
     * @param by the ops user or key that discarded its dead letter
     * @param at when (null when only being recorded: the database sets it)
     * @param reason what they wrote
     * @param deadLetterId the dead letter, for its history and body
     */
    record Discarded(String by, Instant at, String reason, long deadLetterId) {
    }

    /**
     * A push as ops read it.
     *
     * @param lastStatus the destination's last HTTP status, if it answered
     * @param lastError what went wrong last, if anything did
     * @param firstAt when the push was queued
     * @param discarded who gave it up, when and why, if ops discarded its dead letter
     * @param waiting why a pending push is not being tried now (its destination is off, its circuit open), or null
     */
    record PushView(String destination, String eventId, String eventSource, String eventType, String subject,
            Instant eventTime, PushStatus status, int attempts, Integer lastStatus, String lastError, Instant firstAt,
            Instant lastAt, Instant deliveredAt, Discarded discarded, String waiting) {

        PushView waiting(String why) {
            return new PushView(destination, eventId, eventSource, eventType, subject, eventTime, status, attempts,
                    lastStatus, lastError, firstAt, lastAt, deliveredAt, discarded, why);
        }
    }

    record Page(List<PushView> items, long total) {
    }

    /** The pushes matching every filter given (null: any), newest first. */
    Page find(String eventId, String destination, PushStatus status, int page, int size) {
        Rows.Paged<PushView> found = Rows.page(jdbc.sql("""
                WITH matching AS (
                    SELECT * FROM outbound_pushes
                    WHERE (CAST(:eventId AS text) IS NULL OR event_id = :eventId)
                      AND (CAST(:destination AS text) IS NULL OR destination = :destination)
                      AND (CAST(:status AS text) IS NULL OR status = :status))
                SELECT t.total, p.* FROM (SELECT count(*) AS total FROM matching) t
                LEFT JOIN (SELECT * FROM matching ORDER BY first_at DESC, id DESC LIMIT :size OFFSET :offset) p ON true
                ORDER BY p.first_at DESC, p.id DESC
                """)
                .param("eventId", eventId)
                .param("destination", destination)
                .param("status", status == null ? null : status.wire()),
                page, size, "id", (rs, row) -> new PushView(rs.getString("destination"), rs.getString("event_id"),
                        rs.getString("event_source"), rs.getString("event_type"), rs.getString("subject"),
                        Rows.instant(rs, "event_time"), PushStatus.of(rs.getString("status")).orElseThrow(),
                        rs.getInt("attempts"), (Integer) rs.getObject("last_status"),
                        rs.getString("last_error"), Rows.instant(rs, "first_at"), Rows.instant(rs, "last_at"),
                        Rows.instant(rs, "delivered_at"), discarded(rs), null));
        return new Page(found.items(), found.total());
    }

    private static Discarded discarded(ResultSet rs) throws SQLException {
        String by = rs.getString("discarded_by");
        return by == null
                ? null
                : new Discarded(by, Rows.instant(rs, "discarded_at"), rs.getString("discard_reason"),
                        rs.getLong("dead_letter_id"));
    }
}
