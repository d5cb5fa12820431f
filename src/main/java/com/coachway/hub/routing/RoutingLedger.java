package com.coachway.hub.routing;

import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code events} ledger as the router writes it: once-only routing and the event's fate. */
@Component
class RoutingLedger {

    private final JdbcClient jdbc;

    RoutingLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the event's row for this transaction and says whether it still needs routing: its place in the order the
     * hub received events (the row's number), or empty when it was routed before. An event published to
     * {@code hub.events} by the hub itself gets its row here. If ingress has not committed its claim yet, this waits
     * for it (PostgreSQL blocks the conflicting insert), so the router never races its own ingress. The usual case,
     * a row ingress has committed, takes one statement; only a row not yet visible costs the insert.
     */
    public OptionalLong claim(RoutedEvent event) {
        Optional<Row> row = locked(event);
        if (row.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO events (source, event_id, type, subject, received_via, status, payload)
                    VALUES (:source, :id, :type, :subject, 'amqp', 'accepted', CAST(:payload AS jsonb))
                    ON CONFLICT (source, event_id) WHERE status <> 'rejected' DO NOTHING
                    """)
                    .param("source", event.source())
                    .param("id", event.id())
                    .param("type", event.type())
                    .param("subject", event.subject())
                    .param("payload", event.json())
                    .update();
            row = locked(event);
        }
        Row claimed = row.orElseThrow();
        return "accepted".equals(claimed.status()) ? OptionalLong.of(claimed.pk()) : OptionalLong.empty();
    }

    private record Row(long pk, String status) {
    }

    private Optional<Row> locked(RoutedEvent event) {
        return jdbc.sql("""
                SELECT pk, status FROM events
                WHERE source = :source AND event_id = :id AND status <> 'rejected'
                FOR UPDATE
                """)
                .param("source", event.source())
                .param("id", event.id())
                .query((rs, n) -> new Row(rs.getLong("pk"), rs.getString("status")))
                .optional();
    }

    /** Records the event's fate: routed with its number of work messages, or unrouted. */
    public void markRouted(RoutedEvent event, RoutingPlan plan) {
        jdbc.sql("""
                UPDATE events SET status = :status, status_at = now(), actions = :actions,
                       reason = :reason, raised = :raised
                WHERE source = :source AND event_id = :id AND status <> 'rejected'
                """)
                .param("status", plan.routed() ? "routed" : "unrouted")
                .param("actions", plan.messages().size() + plan.raised().size())
                .param("reason", plan.reason())
                .param("raised", plan.raised().isEmpty()
                        ? null
                        : plan.raised().stream().map(RoutingPlan.RaisedEvent::id).toArray(String[]::new))
                .param("source", event.source())
                .param("id", event.id())
                .update();
    }
}
