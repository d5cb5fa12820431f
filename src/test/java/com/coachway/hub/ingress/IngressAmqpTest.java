package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;

/** The same envelope over AMQP ({@code hub.ingress}) is treated like HTTP; an invalid one is parked with its reason. */
// notify consumers stay off: these tests read the router\'s output where it waits, on q.notify
@TestPropertySource(properties = "hub.notify.auto-startup=false")
class IngressAmqpTest extends HubIntegrationTest {

    private static final String PARKED = WorkQueues.parked(WorkQueues.INGRESS);

    @BeforeEach
    void clean() {
        purgeAll();
    }

    @Test
    void validEventIsAcceptedAndRouted() {
        String id = "evt-" + UUID.randomUUID();

        publish(event(id, "charter.confirmed", clientData()), CHARTER_KEY, "application/cloudevents+json");

        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        assertThat(eventRow("charter-service", id)).containsEntry("received_via", "amqp").containsEntry("actions", 5);
        assertThat(depth(PARKED)).isZero();
    }

    @Test
    void duplicateOverAmqpIsAcknowledgedAndNotProcessedTwice() {
        String id = "evt-" + UUID.randomUUID();
        String event = event(id, "trip.reminder", clientData());

        publish(event, CHARTER_KEY, "application/cloudevents+json");
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        publish(event, CHARTER_KEY, "application/cloudevents+json");
        assertThat(postEvent(event).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> depth(WorkQueues.INGRESS) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(WorkQueues.NOTIFY) == 1);
        assertThat(depth(PARKED)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void invalidEventIsRecordedAsRejectedAndParkedWithEveryReason() {
        String body = "{\"specversion\":\"1.0\",\"id\":\"amqp-bad-1\",\"source\":\"charter-service\","
                + "\"time\":\"soon\"}";

        publish(body, CHARTER_KEY, "application/cloudevents+json");

        Message parked = parked();
        String reason = (String) parked.getMessageProperties().getHeaders().get(HubHeaders.FAILURE_REASON);
        assertThat(reason).contains("amqp-bad-1").contains("type").contains("time");
        assertThat(parked.getMessageProperties().getHeaders()).containsEntry(HubHeaders.FAILURE_KIND, "permanent");
        assertThat(new String(parked.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE status = 'rejected' AND event_id = 'amqp-bad-1' "
                + "AND received_via = 'amqp'").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void unknownOrMissingKeyWrongSourceAndNonJsonAreParked() {
        String id = "evt-" + UUID.randomUUID();
        publish(event(id, "trip.reminder", "{}"), "not-a-key", "application/cloudevents+json");
        assertThat(reason(parked())).contains("unknown key");

        publish(event(id, "trip.reminder", "{}"), null, "application/cloudevents+json");
        assertThat(reason(parked())).contains("missing");

        publish(event(id, "trip.reminder", "{}"), SALES_KEY, "application/cloudevents+json");
        assertThat(reason(parked())).contains("source");

        publish("<xml/>", CHARTER_KEY, "application/cloudevents+json");
        assertThat(reason(parked())).contains("not valid JSON");

        publish(event(id, "trip.reminder", "{}"), CHARTER_KEY, "text/csv");
        assertThat(reason(parked())).contains("content type");

        assertThat(eventRow("charter-service", id)).isNull();
    }

    private void publish(String body, String apiKey, String contentType) {
        Message message = MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
                .setContentType(contentType)
                .build();
        if (apiKey != null) {
            message.getMessageProperties().setHeader(HubHeaders.API_KEY, apiKey);
        }
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "trip.reminder", message);
    }

    private Message parked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(PARKED) >= 1);
        return rabbit.receive(PARKED, 1000);
    }

    private static String reason(Message message) {
        return (String) message.getMessageProperties().getHeaders().get(HubHeaders.FAILURE_REASON);
    }
}
