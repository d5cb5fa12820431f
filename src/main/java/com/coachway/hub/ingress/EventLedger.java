package com.coachway.hub.ingress;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code events} ledger as ingress writes it: the dedupe claim and the record of rejected events. */
@Component
class EventLedger {

    private static final String CLAIM = """
            INSERT INTO events (source, event_id, type, subject, event_time, received_via, status, payload,
                replayed_by)
            VALUES (:source, :id, :type, :subject, :time, :via, 'accepted', CAST(:payload AS jsonb), :replayedBy)
            ON CONFLICT (source, event_id) WHERE status <> 'rejected' DO NOTHING
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;

    public EventLedger(JdbcClient jdbc, NamedParameterJdbcTemplate named, ObjectMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.json = json;
    }

    /**
     * Claims (source, id) for this event. True when this is the first time the hub sees it; false for a duplicate.
     * Runs inside the caller's transaction, so a publish that fails afterwards rolls the claim back and a retry of
     * the same event is accepted, not mistaken for a duplicate. A concurrent claim of the same key waits here until
     * the first one commits or rolls back. {@code replayedBy} names who replayed it from the dead letters, if
     * somebody did.
     */
    boolean claim(IngressEvent event, String via, String replayedBy) {
        return named.update(CLAIM, claimParameters(event, via, replayedBy)) == 1;
    }

    /**
     * Claims several events in one round trip, in the order given, like {@link #claim} one by one: for each, true
     * when it is new. A second claim of the same key in the list is a duplicate of the first.
     */
    boolean[] claimAll(List<IngressEvent> events, String via) {
        int[] inserted = named.batchUpdate(CLAIM, events.stream().map(event -> claimParameters(event, via, null))
                .toArray(SqlParameterSource[]::new));
        boolean[] claimed = new boolean[inserted.length];
        for (int i = 0; i < inserted.length; i++) {
            claimed[i] = inserted[i] == 1;
        }
        return claimed;
    }

    // the optional ones typed, so a null needs no question to the database about what it stands for
    private static SqlParameterSource claimParameters(IngressEvent event, String via, String replayedBy) {
        return new MapSqlParameterSource()
                .addValue("source", event.source())
                .addValue("id", event.id())
                .addValue("type", event.type())
                .addValue("subject", event.subject(), Types.VARCHAR)
                .addValue("time", event.time() == null ? null : Timestamp.from(event.time().toInstant()),
                        Types.TIMESTAMP)
                .addValue("via", via)
                .addValue("payload", event.json())
                .addValue("replayedBy", replayedBy, Types.VARCHAR);
    }

    /** Records a rejected event with its reasons; the publisher hears about it, and so can ops. */
    public IngressResult recordRejected(IngressCandidate candidate, String via) {
        jdbc.sql("""
                INSERT INTO events (source, event_id, type, received_via, status, reason, errors, raw)
                VALUES (:source, :id, :type, :via, 'rejected', :reason, CAST(:errors AS jsonb), :raw)
                """)
                .param("source", clean(candidate.source()))
                .param("id", clean(candidate.id()))
                .param("type", clean(candidate.type()))
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
