package com.coachway.hub.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Deletes what is past its retention, one batch per statement (each its own short transaction), step by step. Every
 * step leaves alone what is still at work: events not yet routed, notifications still queued, sending or parked (a
 * parked one may be replayed), pending callbacks and pushes, parked pushes, and dead letters that are still parked.
 */
@Component
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** One kind of row to clear: its statement takes {@code :cutoff} and {@code :batch}. */
    private record Step(String name, Function<RetentionProperties, Duration> kept, String sql) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("event payloads", RetentionProperties::events, """
                    UPDATE events SET payload = NULL, raw = NULL, errors = NULL
                    WHERE pk IN (SELECT pk FROM events WHERE received_at < :cutoff AND status <> 'accepted'
                        AND (payload IS NOT NULL OR raw IS NOT NULL OR errors IS NOT NULL) LIMIT :batch)
                    """),
            new Step("event dedupe keys", RetentionProperties::dedupe,
                    """
                            DELETE FROM events
                            WHERE pk IN (SELECT pk FROM events WHERE received_at < :cutoff AND status <> 'accepted' LIMIT :batch)
                            """),
            new Step("notification timelines", RetentionProperties::notifications, """
                    DELETE FROM notification_events WHERE id IN (
                        SELECT e.id FROM notification_events e JOIN notifications n ON n.id = e.notification_id
                        WHERE n.updated_at < :cutoff AND n.status NOT IN ('queued', 'sending', 'parked') LIMIT :batch)
                    """),
            new Step("notification contents", RetentionProperties::notifications, """
                    DELETE FROM notification_contents WHERE notification_id IN (
                        SELECT c.notification_id FROM notification_contents c
                        JOIN notifications n ON n.id = c.notification_id
                        WHERE n.updated_at < :cutoff AND n.status NOT IN ('queued', 'sending', 'parked') LIMIT :batch)
                    """),
            new Step("notification data", RetentionProperties::notifications, """
                    UPDATE notifications SET data = NULL
                    WHERE id IN (SELECT id FROM notifications WHERE updated_at < :cutoff
                        AND status NOT IN ('queued', 'sending', 'parked') AND data IS NOT NULL LIMIT :batch)
                    """),
            // a threshold's sliding window is far shorter than the events are kept, so older counts count for nothing
            new Step("workflow counts", RetentionProperties::events, """
                    DELETE FROM workflow_counts WHERE ctid IN (SELECT ctid FROM workflow_counts
                        WHERE occurred_at < :cutoff LIMIT :batch)
                    """),
            // a call-off waits for a send whose notify message comes late; long after its events, none will
            new Step("workflow call-offs", RetentionProperties::events, """
                    DELETE FROM workflow_cancels WHERE ctid IN (SELECT ctid FROM workflow_cancels
                        WHERE at < :cutoff LIMIT :batch)
                    """),
            new Step("tracking hits", RetentionProperties::tracking,
                    """
                            DELETE FROM tracking_events WHERE id IN (SELECT id FROM tracking_events WHERE at < :cutoff LIMIT :batch)
                            """),
            new Step("provider callbacks", RetentionProperties::tracking, """
                    DELETE FROM provider_callbacks WHERE id IN (SELECT id FROM provider_callbacks
                        WHERE received_at < :cutoff AND state <> 'pending' LIMIT :batch)
                    """),
            // what people texted or wrote on WhatsApp to the hub's numbers (opt-outs stay in consent_history)
            new Step("inbound messages", RetentionProperties::tracking, """
                    DELETE FROM inbound_messages WHERE id IN (SELECT id FROM inbound_messages
                        WHERE received_at < :cutoff LIMIT :batch)
                    """),
            // a push that reached its destination, or never will; pending and parked ones may still go
            new Step("finished pushes", RetentionProperties::events, """
                    DELETE FROM outbound_pushes WHERE id IN (SELECT id FROM outbound_pushes
                        WHERE status IN ('delivered', 'superseded') AND coalesce(last_at, first_at) < :cutoff
                        LIMIT :batch)
                    """),
            // a provider's word that WhatsApp could not reach a number counts for 30 days (ChannelDispatcher)
            new Step("whatsapp unreachable notes", RetentionProperties::tracking, """
                    DELETE FROM whatsapp_unreachable WHERE phone IN (SELECT phone FROM whatsapp_unreachable
                        WHERE reported_at < :cutoff LIMIT :batch)
                    """),
            new Step("bounce mails", RetentionProperties::tracking, """
                    DELETE FROM bounce_messages WHERE id IN (SELECT id FROM bounce_messages
                        WHERE received_at < :cutoff LIMIT :batch)
                    """),
            new Step("resolved dead letters", RetentionProperties::deadLetters, """
                    DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE status <> 'parked'
                        AND coalesce(CAST(history -> -1 ->> 'at' AS timestamptz), parked_at) < :cutoff LIMIT :batch)
                    """));

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    @Autowired
    Retention(JdbcClient jdbc, RetentionProperties properties, MeterRegistry meters) {
        this(jdbc, properties, meters, Clock.systemUTC());
    }

    Retention(JdbcClient jdbc, RetentionProperties properties, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** One pass over every step; returns how many rows each step cleared. Called by {@code schedules.retention}. */
    public Map<String, Integer> run() {
        Instant now = clock.instant();
        Map<String, Integer> cleared = new LinkedHashMap<>();
        for (Step step : STEPS) {
            Timestamp cutoff = Timestamp.from(now.minus(step.kept().apply(properties)));
            int total = 0;
            int done;
            do {
                done = jdbc.sql(step.sql()).param("cutoff", cutoff).param("batch", properties.batch()).update();
                total += done;
            } while (done == properties.batch());
            cleared.put(step.name(), total);
            meters.counter("hub.retention.cleared", "what", step.name()).increment(total);
        }
        log.info("Retention pass: {}", cleared);
        return cleared;
    }
}
