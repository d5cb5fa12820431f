package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;

import com.coachway.hub.support.TestInfrastructure;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

/**
 * Against the real broker, in a vhost of its own: the parking queues an older release declared without a dead-letter
 * exchange are upgraded at start when empty, never when they hold messages; and once upgraded, what a parking queue
 * rejects lands on the last-resort queue instead of vanishing.
 */
class TopologyUpgradeTest {

    private static final String PARKED = WorkQueues.parked(WorkQueues.DELIVER_SMS);

    private final String vhost = "hubtest-upgrade-" + UUID.randomUUID().toString().substring(0, 8);
    private ConnectionFactory factory;

    @BeforeEach
    void vhost() {
        TestInfrastructure.createVhost(vhost);
        factory = new ConnectionFactory();
        factory.setHost(TestInfrastructure.RABBIT_HOST);
        factory.setPort(TestInfrastructure.RABBIT_PORT);
        factory.setVirtualHost(vhost);
    }

    @AfterEach
    void dropVhost() {
        TestInfrastructure.deleteVhost(vhost);
    }

    @Test
    void anEmptyOldParkingQueueGainsItsDeadLetterExchangeAndRejectsReachTheLastResort() throws Exception {
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(PARKED, true, false, false, Map.of()); // as the previous release declared it
        }

        TopologyUpgrade.apply(factory, queues());
        declareAll();

        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.basicPublish(WorkQueues.PARKING_EXCHANGE, PARKED, null,
                    "parked sms".getBytes(StandardCharsets.UTF_8));
            GetResponse parked = await(channel, PARKED);
            // a drain that gives up on a message rejects it: the broker moves it on instead of dropping it
            channel.basicReject(parked.getEnvelope().getDeliveryTag(), false);
            GetResponse kept = await(channel, WorkQueues.LAST_RESORT);
            assertThat(new String(kept.getBody(), StandardCharsets.UTF_8)).isEqualTo("parked sms");
        }
    }

    @Test
    void anOldParkingQueueThatHoldsMessagesIsNeverDeletedAndTheStartSaysWhy() throws Exception {
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(PARKED, true, false, false, Map.of());
            channel.basicPublish("", PARKED, null, "still here".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> TopologyUpgrade.apply(factory, queues())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PARKED).hasMessageContaining("holds messages");

        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            GetResponse message = await(channel, PARKED);
            assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("still here");
        }
    }

    @Test
    void aTopologyThatIsAlreadyCurrentIsLeftAsItIs() throws Exception {
        TopologyUpgrade.apply(factory, queues());
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.basicPublish("", PARKED, null, "kept".getBytes(StandardCharsets.UTF_8));
        }

        TopologyUpgrade.apply(factory, queues()); // a second start: nothing to upgrade, nothing deleted

        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            assertThat(channel.messageCount(PARKED)).isEqualTo(1);
        }
    }

    private static List<Declarable> declarables() {
        return HubTopology.declarables(QueueType.CLASSIC, List.of(Duration.ofSeconds(1)));
    }

    private static List<Queue> queues() {
        return declarables().stream().filter(Queue.class::isInstance).map(Queue.class::cast).toList();
    }

    private void declareAll() throws Exception {
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            for (Declarable declarable : declarables()) {
                if (declarable instanceof Exchange exchange) {
                    channel.exchangeDeclare(exchange.getName(), exchange.getType(), true, false,
                            exchange.getArguments());
                }
            }
            for (Declarable declarable : declarables()) {
                if (declarable instanceof Binding binding && binding.isDestinationQueue()) {
                    channel.queueBind(binding.getDestination(), binding.getExchange(), binding.getRoutingKey());
                }
            }
        }
    }

    private static GetResponse await(Channel channel, String queue) {
        return Awaitility.await("a message on " + queue).atMost(Duration.ofSeconds(10))
                .until(() -> channel.basicGet(queue, false), Objects::nonNull);
    }
}
