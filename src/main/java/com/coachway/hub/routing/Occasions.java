package com.coachway.hub.routing;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One occasion (say, one driver recovery) is told once, whether the hub raised its event or the upstream system sent
 * it: a {@code raise} is a stand-in for an event upstream may also send, so whichever comes first is the one whose
 * notifications go out. Both look in the events ledger, by the type index.
 */
@Component
class Occasions {

    private final JdbcClient jdbc;

    Occasions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The occasion an event stands for: the value at {@code path} in its data, else its subject, else its id (the
     * same for the event that causes a raise and for the event upstream sends about the same occasion).
     */
    static String of(RoutedEvent event, String path) {
        var value = DataPath.resolve(event.data(), path);
        return value != null && value.isValueNode() && !value.asText().isBlank()
                ? value.asText()
                : event.subject() != null ? event.subject() : event.id();
    }

    /** Whether the hub raised the event of this id (its occasion, told by the raised event). */
    boolean raised(String raisedId) {
        return jdbc.sql("""
                SELECT count(*) FROM events WHERE source = :source AND event_id = :id AND status <> 'rejected'
                """)
                .param("source", RoutingPlanner.RAISED_SOURCE)
                .param("id", raisedId)
                .query(Long.class).single() > 0;
    }

    /** An event of {@code type} that {@code source} sent itself about {@code occasion} (at {@code path}), if any. */
    Optional<String> sentUpstream(String type, String source, String path, String occasion) {
        return jdbc.sql("""
                SELECT event_id FROM events
                WHERE type = :type AND source = :source AND status <> 'rejected'
                  AND coalesce(nullif(btrim(payload -> 'data' #>> CAST(:path AS text[])), ''), subject, event_id)
                      = :occasion
                ORDER BY received_at
                LIMIT 1
                """)
                .param("type", type)
                .param("source", source)
                .param("path", "{" + path.replace('.', ',') + "}")
                .param("occasion", occasion)
                .query(String.class).optional();
    }
}
