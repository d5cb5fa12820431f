package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.HubIntegrationTest;
import com.coachway.hub.support.TestInfrastructure;

/** {@code hub.messaging.queue-type=quorum}: the same topology as quorum queues, and the same flows on it. */
// notify consumers stay off: these tests read the router's output where it waits, on q.notify
@TestPropertySource(properties = {"hub.messaging.queue-type=quorum", "hub.notify.auto-startup=false"})
class QuorumTopologyTest extends HubIntegrationTest {

    @Test
    void everyHubQueueIsAQuorumQueueAndEventsFlow() {
        Map<String, String> types = Arrays.stream(TestInfrastructure
                .rabbitmqctl("list_queues", "-p", TestInfrastructure.names().vhost(), "name", "type",
                        "--no-table-headers")
                .split("\n"))
                .map(String::trim)
                .filter(line -> line.startsWith("q."))
                .map(line -> line.split("\\s+"))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));

        assertThat(types).containsKeys(WorkQueues.ROUTER, WorkQueues.retry(WorkQueues.NOTIFY, 3),
                WorkQueues.parked(WorkQueues.DELIVER_SMS), WorkQueues.UNROUTED);
        assertThat(types.values()).containsOnly("quorum");

        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "charter.confirmed", clientData())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        // two notification requests and two call-offs of waiting reminders
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(WorkQueues.NOTIFY) == 4);
    }

    @Test
    void retryTiersWorkOnQuorumQueues() {
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "x",
                MessageBuilder.withBody("not json".getBytes(StandardCharsets.UTF_8)).build());

        await().atMost(Duration.ofSeconds(15)).until(() -> depth(WorkQueues.parked(WorkQueues.ROUTER)) == 1);
    }
}
