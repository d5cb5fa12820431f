package com.coachway.hub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What retention deletes and what it keeps, with a clock moved past the retention periods. */
@TestPropertySource(properties = "hub.deadletters.auto-startup=true")
class RetentionTest extends HubIntegrationTest {

    static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());

    @Autowired
    RetentionProperties properties;
    @Autowired
    CamelContext camel;

    @Test
    void oldPayloadsTimelinesHitsAndResolvedLettersGoWhileOpenLettersAndDedupeKeysStay() {
        String eventId = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(eventId, "trip.reminder", clientData())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT count(*) FROM notifications WHERE event_id = ? AND status NOT IN ('queued', 'sending')""")
                .param(eventId).query(Integer.class).single() > 0);
        String notification = jdbc.sql("SELECT id FROM notifications WHERE event_id = ? LIMIT 1").param(eventId)
                .query(String.class).single();
        jdbc.sql("INSERT INTO tracking_events (notification_id, kind) VALUES (?, 'open')").param(notification)
                .update();
        jdbc.sql("INSERT INTO provider_callbacks (provider, message_id, status, state) VALUES ('twilio', ?, "
                + "'delivered', 'applied')").param("SM" + eventId.hashCode()).update();
        jdbc.sql("INSERT INTO workflow_counts (rule, action, key, event_source, event_id) VALUES ('r', 0, 'k', "
                + "'charter-service', ?)").param(eventId).update();
        jdbc.sql("INSERT INTO inbound_messages (channel, address, provider, provider_message_id, body) VALUES "
                + "('sms', '+15555550100', 'twilio', ?, 'running late, sorry')").param("SM-in-" + eventId).update();
        String notOnWhatsApp = "+1555" + String.format("%07d", Math.abs(eventId.hashCode()) % 10_000_000);
        jdbc.sql("INSERT INTO whatsapp_unreachable (phone, reported_at, provider, code) VALUES (?, now(), 'meta', "
                + "'131026')").param(notOnWhatsApp).update();
        callOff(eventId);
        for (String status : List.of("delivered", "superseded", "pending", "parked")) {
            jdbc.sql("INSERT INTO outbound_pushes (destination, event_id, status, last_at) VALUES ('vendor', ?, ?, "
                    + "now())").param(eventId + "/" + status).param(status).update();
        }
        assertThat(contents(notification)).as("what it said, before retention").isOne();
        List<Long> letters = parkTwoPoisonMessages();
        assertThat(post("/ops/api/dead-letters/" + letters.get(0) + "/discard", "application/json",
                "{\"reason\":\"load-tool garbage\"}", "Authorization", OPS).statusCode()).isEqualTo(200);

        // 100 days on: past every P90D, not past the dedupe P400D
        Map<String, Integer> cleared = retentionAt(Duration.ofDays(100)).run();

        assertThat(cleared.get("event payloads")).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM workflow_counts WHERE event_id = ?").param(eventId)
                .query(Integer.class).single()).isZero();
        assertThat(callOffs(eventId)).isZero();
        assertThat(jdbc.sql("SELECT payload IS NULL FROM events WHERE source = 'charter-service' AND event_id = ?")
                .param(eventId).query(Boolean.class).single()).isTrue();
        // the dedupe key is still there: a late repeat is still a duplicate
        assertThat(postEvent(event(eventId, "trip.reminder", clientData())).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM notification_events WHERE notification_id = ?")
                .param(notification).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT data IS NULL FROM notifications WHERE id = ?").param(notification)
                .query(Boolean.class).single()).isTrue();
        assertThat(contents(notification)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM tracking_events WHERE notification_id = ?").param(notification)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM provider_callbacks WHERE message_id = ?")
                .param("SM" + eventId.hashCode()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM inbound_messages WHERE provider_message_id = ?")
                .param("SM-in-" + eventId).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_unreachable WHERE phone = ?").param(notOnWhatsApp)
                .query(Integer.class).single()).isZero();
        // a finished push goes; one still to go, or parked for ops, stays
        assertThat(jdbc.sql("SELECT status FROM outbound_pushes WHERE event_id LIKE ? ORDER BY status")
                .param(eventId + "/%").query(String.class).list()).containsExactly("parked", "pending");
        // the discarded letter is gone, the open one stays whatever its age
        assertThat(jdbc.sql("SELECT id FROM dead_letters WHERE id IN (?, ?)").param(letters.get(0))
                .param(letters.get(1)).query(Long.class).list()).containsExactly(letters.get(1));

        // 401 days on: the dedupe key goes too
        retentionAt(Duration.ofDays(401)).run();
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE source = 'charter-service' AND event_id = ?")
                .param(eventId).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM dead_letters WHERE id = ?").param(letters.get(1))
                .query(Integer.class).single()).isOne();
    }

    @Test
    void nothingYoungIsTouchedAndTheJobIsScheduledOncePerCluster() {
        String eventId = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(eventId, "trip.reminder", clientData())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", eventId)));
        String notification = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT notification_id FROM notification_contents c JOIN notifications n ON n.id = c.notification_id
                WHERE n.event_id = ? AND n.status NOT IN ('queued', 'sending') LIMIT 1""").param(eventId)
                .query(String.class)
                .optional().orElse(null), Objects::nonNull);

        jdbc.sql("INSERT INTO inbound_messages (channel, address, provider, provider_message_id, body) VALUES "
                + "('sms', '+15555550100', 'twilio', ?, 'see you at 8')").param("SM-in-" + eventId).update();
        String notOnWhatsApp = "+1555" + String.format("%07d", Math.abs(eventId.hashCode()) % 10_000_000);
        jdbc.sql("INSERT INTO whatsapp_unreachable (phone, reported_at, provider, code) VALUES (?, now(), 'meta', "
                + "'131026')").param(notOnWhatsApp).update();
        jdbc.sql("INSERT INTO outbound_pushes (destination, event_id, status, last_at) VALUES ('vendor', ?, "
                + "'delivered', now())").param(eventId).update();
        callOff(eventId);

        retentionAt(Duration.ZERO).run();

        assertThat(callOffs(eventId)).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM inbound_messages WHERE provider_message_id = ?")
                .param("SM-in-" + eventId).query(Integer.class).single()).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM outbound_pushes WHERE event_id = ?").param(eventId)
                .query(Integer.class).single()).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_unreachable WHERE phone = ?").param(notOnWhatsApp)
                .query(Integer.class).single()).isOne();

        assertThat(jdbc.sql("SELECT payload IS NOT NULL FROM events WHERE source = 'charter-service' "
                + "AND event_id = ?").param(eventId).query(Boolean.class).single()).isTrue();
        assertThat(contents(notification)).isOne();
        assertThat(camel.getRoute("schedules.retention").getEndpoint().getEndpointUri())
                .startsWith("quartz://hub/retention");
    }

    /** A cancel_on event's call-off, as the notify step keeps it. */
    private void callOff(String eventId) {
        jdbc.sql("INSERT INTO workflow_cancels (rule, source, match, type, event_id, event_seq) VALUES ('r', "
                + "'charter-service', 'charter/1', 'charter.cancelled', ?, 1)").param(eventId).update();
    }

    private int callOffs(String eventId) {
        return jdbc.sql("SELECT count(*) FROM workflow_cancels WHERE event_id = ?").param(eventId)
                .query(Integer.class).single();
    }

    private int contents(String notification) {
        return jdbc.sql("SELECT count(*) FROM notification_contents WHERE notification_id = ?").param(notification)
                .query(Integer.class).single();
    }

    private Retention retentionAt(Duration ahead) {
        return new Retention(jdbc, properties, new SimpleMeterRegistry(),
                Clock.offset(Clock.systemUTC(), ahead));
    }

    private List<Long> parkTwoPoisonMessages() {
        String marker = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            String body = "not json " + marker + " " + i;
            rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                    MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setMessageId("m-" + body).build());
        }
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                SELECT id FROM dead_letters WHERE convert_from(body, 'UTF8') LIKE ? ORDER BY id""")
                .param("%" + marker + "%").query(Long.class).list(), ids -> ids.size() == 2);
    }
}
