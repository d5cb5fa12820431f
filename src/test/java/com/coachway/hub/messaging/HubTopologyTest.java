package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;

class HubTopologyTest {

    private static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15));

    @Test
    void everyWorkQueueHasItsTiersAndParkingAndDeadLettersToParking() {
        List<Declarable> all = HubTopology.declarables(QueueType.CLASSIC, DELAYS);

        for (String name : WorkQueues.ALL) {
            Queue work = queue(all, name);
            assertThat(work.isDurable()).isTrue();
            assertThat(work.getArguments()).containsEntry("x-dead-letter-exchange", "hub.parking")
                    .containsEntry("x-dead-letter-routing-key", name + ".parked")
                    .doesNotContainKey("x-queue-type");
            for (int tier = 1; tier <= 3; tier++) {
                Queue retry = queue(all, name + ".retry." + tier);
                assertThat(retry.getArguments()).containsEntry("x-message-ttl",
                        (int) DELAYS.get(tier - 1).toMillis())
                        .containsEntry("x-dead-letter-exchange", "hub.work")
                        .containsEntry("x-dead-letter-routing-key", name);
                assertThat(binding(all, retry.getName()).getExchange()).isEqualTo("hub.retry");
            }
            assertThat(binding(all, name + ".parked").getExchange()).isEqualTo("hub.parking");
            // what the drain cannot take goes on to the last resort, never to nothing
            assertThat(queue(all, name + ".parked").getArguments()).containsEntry("x-dead-letter-exchange",
                    "hub.last-resort");
        }
        assertThat(queue(all, "q.unrouted").getArguments()).containsEntry("x-dead-letter-exchange",
                "hub.last-resort");
        assertThat(binding(all, "q.last-resort").getExchange()).isEqualTo("hub.last-resort");
        assertThat(queue(all, "q.last-resort").getArguments()).doesNotContainKey("x-dead-letter-exchange");
    }

    @Test
    void everyExchangeButTheAlternateOneHasTheAlternate() {
        List<Declarable> all = HubTopology.declarables(QueueType.CLASSIC, DELAYS);

        List<Exchange> exchanges = all.stream().filter(Exchange.class::isInstance).map(Exchange.class::cast).toList();
        assertThat(exchanges).extracting(Exchange::getName).containsExactlyInAnyOrder("hub.ingress", "hub.events",
                "hub.work", "hub.retry", "hub.parking", "hub.unrouted", "hub.last-resort");
        assertThat(exchanges).allSatisfy(e -> {
            assertThat(e.isDurable()).isTrue();
            if (!List.of("hub.unrouted", "hub.last-resort").contains(e.getName())) {
                assertThat(e.getArguments()).containsEntry("alternate-exchange", "hub.unrouted");
            }
        });
        assertThat(binding(all, "q.unrouted").getExchange()).isEqualTo("hub.unrouted");
    }

    @Test
    void quorumQueuesDeadLetterAtLeastOnce() {
        List<Declarable> all = HubTopology.declarables(QueueType.QUORUM, DELAYS);

        assertThat(all.stream().filter(Queue.class::isInstance).map(Queue.class::cast))
                .allSatisfy(q -> assertThat(q.getArguments()).containsEntry("x-queue-type", "quorum")
                        .containsEntry("x-dead-letter-strategy", "at-least-once")
                        .containsEntry("x-overflow", "reject-publish"));
    }

    private static Queue queue(List<Declarable> all, String name) {
        return all.stream().filter(Queue.class::isInstance).map(Queue.class::cast)
                .filter(q -> q.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static Binding binding(List<Declarable> all, String queue) {
        return all.stream().filter(Binding.class::isInstance).map(Binding.class::cast)
                .filter(b -> b.getDestination().equals(queue)).findFirst().orElseThrow(() -> new AssertionError(queue));
    }
}
