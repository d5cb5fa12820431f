package com.coachway.hub.ingress;

import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code events} ledger as ingress writes it: the dedupe claim and the record of rejected events. */
@Component
class EventLedger {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public EventLedger(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Claims (source, id) for this event. True when this is the first time the hub sees it; false for a duplicate.
     * Runs inside the caller's transaction, so a publish that fails afterwards rolls the claim back and a retry of
     * the same event is accepted, not mistaken for a duplicate. A concurrent claim of the same key waits here until
     * the first one commits or rolls back.
     */
    public boolean claim(IngressEvent event, String via) {
        return claim(event, via, null);
    }

    /** A claim that records who replayed the event from the dead letters, when somebody did. */
    boolean claim(IngressEvent event, String via, String replayedBy) {
        int inserted = jdbc.sql("""
                INSERT INTO events (source, event_id, type, subject, event_time, received_via, status, payload,
                    replayed_by)
                VALUES (:source, :id, :type, :subject, :time, :via, 'accepted', CAST(:payload AS jsonb),
                    :replayedBy)
                ON CONFLICT (source, event_id) WHERE status <> 'rejected' DO NOTHING
                """)
                .param("source", event.source())
                .param("id", event.id())
                .param("type", event.type())
                .param("subject", event.subject())
                .param("time", event.time() == null ? null : Timestamp.from(event.time().toInstant()))
                .param("via", via)
                .param("payload", event.json())
                .param("replayedBy", replayedBy)
                .update();
        return inserted == 1;
    }

    /** Records a rejected event with its reasons; the publisher hears about it, and so can ops. */
    public IngressResult recordRejected(IngressCandidate candidate, String via) {
        jdbc.sql("""
                INSERT INTO events (source, event_id, received_via, status, reason, errors, raw)
                VALUES (:source, :id, :via, 'rejected', :reason, CAST(:errors AS jsonb), :raw)
                """)
                .param("source", clean(candidate.source()))
                .param("id", clean(candidate.id()))
                .param("via", via)
                .param("reason", clean(candidate.reason()))
                .param("errors", errorsJson(candidate))
                .param("raw", clean(candidate.raw()))
                .update();
        return IngressResult.rejected(candidate);
    }

    private String errorsJson(IngressCandidate candidate) {
        try {
            return clean(json.writeValueAsString(candidate.errors()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write validation errors", e);
        }
    }

    // A rejected event may be rejected precisely because it carries NUL, which PostgreSQL cannot store.
    private static String clean(String text) {
        return text == null ? null : text.replace("\0", "\\u0000");
    }
}
