package com.coachway.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What waits for ops shows on {@code /actuator/prometheus}, so an alert can page someone: a parked dead letter, a
 * callback set aside, a timed send nobody handed over.
 */
// Spring Boot switches metric export off in tests unless asked
@AutoConfigureObservability
// the due-sends job runs once at start and then not for an hour: a send due meanwhile stays overdue
@TestPropertySource(properties = {"hub.deadletters.auto-startup=true", "hub.schedules.due-sends-interval=PT1H"})
class OpsGaugesTest extends DeliveryIntegrationTest {

    @Test
    void parkedDeadLettersCallbacksSetAsideAndOverdueSendsAreGauges() {
        assertThat(gauge("hub_callbacks_set_aside")).isZero();
        assertThat(gauge("hub_scheduled_overdue_seconds")).isZero();
        assertThat(gauge("hub_leads_waiting")).isZero();
        double parkedBefore = parked("q.router");

        // a message the router cannot read parks, and the drain stores it as a dead letter
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                MessageBuilder.withBody("not json".getBytes(StandardCharsets.UTF_8))
                        .setMessageId("m-" + UUID.randomUUID())
                        .build());
        jdbc.sql("""
                INSERT INTO provider_callbacks (provider, message_id, status, state, outcome, attempts)
                VALUES ('twilio', 'SM-gauge', 'delivered', 'failed', 'disk full', 5)
                """).update();
        notify("""
                {"template":"trip_reminder","channels":["sms"],"send_at":"%s","to":{"phone":"+15555550471"},
                 "data":{"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston"}}}"""
                .formatted(Instant.now().plusSeconds(1)));
        // with no agent set up, a lead waits for one
        assertThat(post("/api/v1/leads", "application/json", """
                {"first_name":"Rosa","email":"rosa.gauge@example.com","source":"phone"}""", "Authorization",
                "Bearer " + OPS_KEY).statusCode()).isEqualTo(201);

        // read again at most every ten seconds, whatever the scrape interval
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(parked("q.router")).isEqualTo(parkedBefore + 1);
            assertThat(gauge("hub_callbacks_set_aside")).isEqualTo(1);
            assertThat(gauge("hub_scheduled_overdue_seconds")).isGreaterThan(0);
            assertThat(gauge("hub_leads_waiting")).isEqualTo(1);
        });
        // the console's overview says the same, read afresh
        JsonNode overview = json(get("/ops/api/overview", "Authorization", "Bearer " + OPS_KEY).body());
        assertThat(overview.get("callbacks_set_aside").asLong()).isEqualTo(1);
        assertThat(overview.get("leads_waiting").asLong()).isEqualTo(1);
        assertThat(overview.get("scheduled_overdue_seconds").asLong())
                .isGreaterThanOrEqualTo((long) gauge("hub_scheduled_overdue_seconds"));
        assertThat(parked("q.deliver.sms")).isZero();
    }

    private double parked(String queue) {
        return gauge("hub_dead_letters_parked", "queue=\"" + queue + "\"");
    }

    private double gauge(String name) {
        return gauge(name, "");
    }
}
