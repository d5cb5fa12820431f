package com.coachway.hub.routing;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One occasion (say, one driver recovery) is told once, whether the hub raised its event or the upstream system sent
 * it: a {@code raise} is a stand-in for an event upstream may also send, so whichever comes first is the one whose
 * notifications go out. Both look in the events ledger, by the type index.
 */
@Component
class Occasions {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Occasions(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The occasion an event stands for: the value at {@code path} in its data, else its subject, else its id (the
     * same for the event that causes a raise and for the event upstream sends about the same occasion).
     */
    static String of(RoutedEvent event, String path) {
        JsonNode value = DataPath.resolve(event.data(), path);
        return value != null && value.isValueNode() && !value.asText().isBlank()
                ? value.asText()
                : event.subject() != null ? event.subject() : event.id();
    }

    /** The data of the event the hub raised under this id, if it did (a JSON null once retention cleared it). */
    Optional<JsonNode> raisedData(String raisedId) {
        return jdbc.sql("""
                SELECT payload -> 'data' AS data FROM events
                WHERE source = :source AND event_id = :id AND status <> 'rejected'
                """)
                .param("source", RoutingPlanner.RAISED_SOURCE)
                .param("id", raisedId)
                .query((rs, row) -> read(rs.getString("data")))
                .optional();
    }

    private JsonNode read(String data) {
        try {
            return data == null ? NullNode.getInstance() : json.readTree(data);
        } catch (JsonProcessingException e) {
            return NullNode.getInstance();
        }
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
