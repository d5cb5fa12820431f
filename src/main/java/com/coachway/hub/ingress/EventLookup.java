package com.coachway.hub.ingress;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;
import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The filtered, paged read of the {@code events} ledger behind {@code GET /api/v1/events}; each filter is optional. */
@Component
class EventLookup {

    private static final TypeReference<List<FieldError>> ERRORS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EventLookup(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * @param id the event's id
     * @param source the event's source
     * @param type the event's type
     * @param status where it stands
     * @param since received at or after
     * @param until received before
     * @param withRejected whether refused events are listed too (their source is only what the sender claimed)
     */
    record Filter(String id, String source, String type, EventStatus status, Instant since, Instant until,
            boolean withRejected) {
    }

    record Page(List<EventView> items, long total) {
    }

    /** The page of matching events, newest first. */
    Page find(Filter filter, int page, int size) {
        Rows.Paged<EventView> found = Rows.page(jdbc.sql("""
                WITH matching AS (
                    SELECT * FROM events
                    WHERE (CAST(:id AS text) IS NULL OR event_id = :id)
                      AND (CAST(:source AS text) IS NULL OR source = :source)
                      AND (CAST(:type AS text) IS NULL OR type = :type)
                      AND (CAST(:status AS text) IS NULL OR status = :status)
                      AND (:withRejected OR status <> 'rejected')
                      AND (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)
                      AND (CAST(:until AS timestamptz) IS NULL OR received_at < :until))
                SELECT t.total, p.*,
                       p.payload -> 'data' -> 'raised_by' ->> 'source' AS raised_by_source,
                       p.payload -> 'data' -> 'raised_by' ->> 'id' AS raised_by_id
                FROM (SELECT count(*) AS total FROM matching) t
                LEFT JOIN (SELECT * FROM matching ORDER BY received_at DESC, pk DESC
                           LIMIT :size OFFSET :offset) p ON true
                ORDER BY p.received_at DESC, p.pk DESC
                """)
                .param("id", filter.id())
                .param("source", filter.source())
                .param("type", filter.type())
                .param("status", filter.status() == null ? null : filter.status().wire())
                .param("withRejected", filter.withRejected())
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("until", filter.until() == null ? null : Timestamp.from(filter.until())),
                page, size, "pk", (rs, row) -> entry(rs));
        return new Page(found.items(), found.total());
    }

    private EventView entry(ResultSet rs) throws SQLException {
        return new EventView(rs.getString("source"), rs.getString("event_id"), rs.getString("type"),
                rs.getString("subject"), Rows.instant(rs, "event_time"), rs.getString("received_via"),
                Rows.instant(rs, "received_at"), EventStatus.of(rs.getString("status")).orElseThrow(),
                Rows.instant(rs, "status_at"), (Integer) rs.getObject("actions"), rs.getString("reason"),
                errors(rs.getString("errors")), rs.getString("replayed_by"), raised(rs), raisedBy(rs));
    }

    private static List<EventView.Ref> raised(ResultSet rs) throws SQLException {
        Array raised = rs.getArray("raised");
        return raised == null
                ? null
                : Arrays.stream((String[]) raised.getArray())
                        .map(id -> new EventView.Ref(IngressEvent.HUB_SOURCE, id)).toList();
    }

    // only the hub's own events say who raised them; an upstream's data may hold anything under that name
    private static EventView.Ref raisedBy(ResultSet rs) throws SQLException {
        return IngressEvent.HUB_SOURCE.equals(rs.getString("source")) && rs.getString("raised_by_id") != null
                ? new EventView.Ref(rs.getString("raised_by_source"), rs.getString("raised_by_id"))
                : null;
    }

    private List<FieldError> errors(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, ERRORS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the events ledger holds errors that are not a list of field errors", e);
        }
    }
}
