package com.coachway.hub.routing;

import java.util.Optional;

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
     * Locks the event's row for this transaction and says whether it still needs routing. An event published to
     * {@code hub.events} by the hub itself gets its row here. If ingress has not committed its claim yet, this waits
     * for it (PostgreSQL blocks the conflicting insert), so the router never races its own ingress. The usual case,
     * a row ingress has committed, takes one statement; only a row not yet visible costs the insert.
     */
    public boolean claim(RoutedEvent event) {
        Optional<String> status = lockedStatus(event);
        if (status.isEmpty()) {
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
            status = lockedStatus(event);
        }
        return "accepted".equals(status.orElseThrow());
    }

    private Optional<String> lockedStatus(RoutedEvent event) {
        return jdbc.sql("""
                SELECT status FROM events
                WHERE source = :source AND event_id = :id AND status <> 'rejected'
                FOR UPDATE
                """)
                .param("source", event.source())
                .param("id", event.id())
                .query(String.class)
                .optional();
    }

    /** Records the event's fate: routed with its number of work messages, or unrouted. */
    public void markRouted(RoutedEvent event, RoutingPlan plan) {
        jdbc.sql("""
                UPDATE events SET status = :status, status_at = now(), actions = :actions,
                       reason = :reason
                WHERE source = :source AND event_id = :id AND status <> 'rejected'
                """)
                .param("status", plan.routed() ? "routed" : "unrouted")
                .param("actions", plan.messages().size() + plan.raised().size())
                .param("reason", plan.routed() ? "rules: " + String.join(", ", plan.rules()) : "no rule matches")
                .param("source", event.source())
                .param("id", event.id())
                .update();
    }
}
