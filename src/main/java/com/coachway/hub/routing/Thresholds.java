package com.coachway.hub.routing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts events for a notify action's {@code threshold} (API.md §2b) and says when it fires. An event counts from
 * when it happened (its CloudEvents {@code time}, see {@link SendTimes#happened}), so events routed late, after an
 * outage or from the dead letters, make a count only if they happened within the window. Runs inside the
 * router's transaction: the count and the work it releases commit together, and the threshold's row lock makes two
 * events for the same key, routed at once on two instances, count one after the other. A rule renamed with
 * {@code formerly} goes on with the count its old ids had made (for the action in the same place), and does not fire
 * again for a count its old id had already fired at.
 */
@Component
class Thresholds {

    private final JdbcClient jdbc;

    Thresholds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An event the threshold counted.
     *
     * @param at when it counted from (when it happened)
     * @param payload the event as it was received; null once retention has removed it
     */
    record Counted(Instant at, String payload) {
    }

    /**
     * What one event did to a threshold's count.
     *
     * @param count the events counted within the window, this one included when it happened within it
     * @param fired the events that made the count, oldest first, when the notify fires now; else empty
     * @param late the event happened before the window, so it completes no count
     */
    record Tally(long count, List<Counted> fired, boolean late) {

        Tally {
            fired = List.copyOf(fired);
        }

        boolean fires() {
            return !fired.isEmpty();
        }
    }

    /**
     * Counts the event for {@code key} and answers the count and, when the notify fires now, the events that made
     * it, oldest first: it fires at the event that makes the count, when the count had fallen below it since it last
     * fired. {@code scopes} are the rule's id, then those it had before ({@link NotifyRoute#scopes}).
     */
    Tally fire(List<String> scopes, int action, String key, RoutedEvent event,
            Workflow.Threshold threshold) {
        String rule = scopes.get(0);
        String[] all = scopes.toArray(String[]::new);
        // a renamed rule's threshold starts as its old id's stood: disarmed while the count it fired at still holds
        jdbc.sql("""
                INSERT INTO workflow_thresholds (rule, action, key, armed)
                VALUES (:rule, :action, :key, NOT EXISTS (SELECT 1 FROM workflow_thresholds
                        WHERE rule = ANY(:scopes) AND action = :action AND key = :key AND NOT armed))
                ON CONFLICT DO NOTHING
                """)
                .param("rule", rule).param("action", action).param("key", key).param("scopes", all)
                .update();
        boolean armed = jdbc.sql("""
                SELECT armed FROM workflow_thresholds WHERE rule = :rule AND action = :action AND key = :key
                FOR UPDATE
                """)
                .param("rule", rule).param("action", action).param("key", key)
                .query(Boolean.class)
                .single();
        Instant now = Instant.now();
        Instant happened = SendTimes.happened(event.time(), now);
        Timestamp windowStart = Timestamp.from(now.minus(threshold.within()));
        // an event counted under an old id and again under the new one (a replay) is one event
        long before = jdbc.sql("""
                SELECT count(DISTINCT (event_source, event_id)) FROM workflow_counts
                WHERE rule = ANY(:scopes) AND action = :action AND key = :key AND occurred_at > :since
                """)
                .param("scopes", all).param("action", action).param("key", key).param("since", windowStart)
                .query(Long.class)
                .single();
        jdbc.sql("""
                INSERT INTO workflow_counts (rule, action, key, event_source, event_id, occurred_at)
                VALUES (:rule, :action, :key, :source, :id, :happened)
                ON CONFLICT DO NOTHING
                """)
                .param("rule", rule).param("action", action).param("key", key)
                .param("source", event.source()).param("id", event.id()).param("happened", Timestamp.from(happened))
                .update();
        // fallen below the count since the last firing (or never fired): the threshold may fire again
        boolean rearmed = armed || before < threshold.count();
        // an event that happened before the window (one held back, or replayed from the dead letters) is no longer
        // part of the count it would complete
        boolean late = !happened.isAfter(windowStart.toInstant());
        boolean fires = rearmed && !late && before + 1 >= threshold.count();
        boolean armedAfter = rearmed && !fires;
        if (armedAfter != armed) {
            jdbc.sql("""
                    UPDATE workflow_thresholds SET armed = :armed
                    WHERE rule = :rule AND action = :action AND key = :key
                    """)
                    .param("armed", armedAfter)
                    .param("rule", rule).param("action", action).param("key", key)
                    .update();
        }
        long count = late ? before : before + 1;
        if (!fires) {
            return new Tally(count, List.of(), late);
        }
        return new Tally(count, jdbc.sql("""
                SELECT occurred_at, payload FROM (
                    SELECT DISTINCT ON (c.event_source, c.event_id) c.occurred_at, c.event_id,
                           e.payload::text AS payload
                    FROM workflow_counts c
                    LEFT JOIN events e ON e.source = c.event_source AND e.event_id = c.event_id
                                      AND e.status <> 'rejected'
                    WHERE c.rule = ANY(:scopes) AND c.action = :action AND c.key = :key AND c.occurred_at > :since
                    ORDER BY c.event_source, c.event_id, c.occurred_at) counted
                ORDER BY occurred_at, event_id
                """)
                .param("scopes", all).param("action", action).param("key", key).param("since", windowStart)
                .query((row, n) -> new Counted(row.getTimestamp("occurred_at").toInstant(), row.getString("payload")))
                .list(), false);
    }
}
