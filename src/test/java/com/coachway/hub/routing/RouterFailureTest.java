package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DatabaseOutageTest;

/**
 * The retry and park mechanism, proven on the router: a database outage mid-route waits in the first TTL tier
 * without spending attempts, however long it lasts, and the event is routed once when the database is back; poison
 * is parked at once.
 */
// notify consumers stay off: these tests read the router's output where it waits, on q.notify
@TestPropertySource(properties = "hub.notify.auto-startup=false")
class RouterFailureTest extends DatabaseOutageTest {

    @BeforeEach
    void clean() {
        purgeAll();
    }

    @Test
    void databaseOutageMidRouteIsRetriedAndThenSucceedsOnce() {
        String id = "evt-" + UUID.randomUUID();
        double deferredBefore = deferred();
        DATABASE.cut();

        publishEvent(id, "trip.reminder");
        await().atMost(Duration.ofSeconds(15)).until(() -> deferred() > deferredBefore);
        DATABASE.restore();

        // ignoreExceptions: the test reads the ledger through the same proxy while the pool reconnects
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> "routed".equals(eventStatus("charter-service", id)));
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(WorkQueues.NOTIFY) == 1);
        Message work = rabbit.receive(WorkQueues.NOTIFY, 1000);
        assertThat(work.getMessageProperties().getCorrelationId()).isEqualTo(id);
        assertThat(depth(WorkQueues.parked(WorkQueues.ROUTER))).isZero();
    }

    @Test
    void anOutageLongerThanTheTiersSpendsNoAttemptAndTheEventIsRoutedWhenTheDatabaseIsBack() {
        String id = "evt-" + UUID.randomUUID();
        double deferredBefore = deferred();
        DATABASE.cut();

        publishEvent(id, "trip.reminder");
        // the three tiers together last 1.8 s here: the event goes round the first one many times over, unparked
        await().atMost(Duration.ofSeconds(30)).until(() -> deferred() >= deferredBefore + 8);
        assertThat(depth(WorkQueues.parked(WorkQueues.ROUTER))).isZero();
        DATABASE.restore();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> "routed".equals(eventStatus("charter-service", id)));
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(WorkQueues.NOTIFY) == 1);
        assertThat(depth(WorkQueues.parked(WorkQueues.ROUTER))).isZero();
    }

    @Test
    void poisonIsParkedAtOnceWithItsReason() {
        double retriedBefore = retried();

        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                MessageBuilder.withBody("{not json".getBytes(StandardCharsets.UTF_8))
                        .setContentType("application/cloudevents+json")
                        .build());
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                MessageBuilder.withBody("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                        .setContentType("application/cloudevents+json")
                        .build());

        await().atMost(Duration.ofSeconds(10)).until(() -> depth(WorkQueues.parked(WorkQueues.ROUTER)) == 2);
        // two router consumers: the two may be parked in either order
        List<Message> parked = List.of(rabbit.receive(WorkQueues.parked(WorkQueues.ROUTER), 1000),
                rabbit.receive(WorkQueues.parked(WorkQueues.ROUTER), 1000));
        assertThat(parked).allSatisfy(m -> assertThat(m.getMessageProperties().getHeaders())
                .containsEntry(HubHeaders.ATTEMPT, 1)
                .containsEntry(HubHeaders.FAILURE_KIND, "permanent"));
        Message notJson = parked.stream()
                .filter(m -> new String(m.getBody(), StandardCharsets.UTF_8).equals("{not json"))
                .findFirst()
                .orElseThrow();
        Message notEvent = parked.stream().filter(m -> m != notJson).findFirst().orElseThrow();
        assertThat((String) notJson.getMessageProperties().getHeaders().get(HubHeaders.FAILURE_REASON))
                .startsWith("not JSON");
        assertThat((String) notEvent.getMessageProperties().getHeaders().get(HubHeaders.FAILURE_REASON))
                .contains("source, id and type");
        assertThat(retried()).isEqualTo(retriedBefore);
    }

    private void publishEvent(String id, String type) {
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, type,
                MessageBuilder.withBody(event(id, type, clientData()).getBytes(StandardCharsets.UTF_8))
                        .setContentType("application/cloudevents+json")
                        .setMessageId("charter-service/" + id)
                        .setCorrelationId(id)
                        .build());
    }

    private double retried() {
        return failed("retried");
    }

    private double deferred() {
        return failed("deferred");
    }

    private double failed(String outcome) {
        return count("hub.messages.failed", "queue", WorkQueues.ROUTER, "outcome", outcome);
    }
}
