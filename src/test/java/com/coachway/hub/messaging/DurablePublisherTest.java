package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.coachway.hub.support.TestInfrastructure;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

/**
 * Against the real broker, in a vhost of its own: a list published on one channel is in its queue, whole and in
 * order, by the time publishAll returns; a message the broker cannot route anywhere in the list is an exception, not
 * a silent loss.
 */
class DurablePublisherTest {

    private static final String EXCHANGE = "test.work";
    private static final String QUEUE = "test.q";

    private final String vhost = "hubtest-publisher-" + UUID.randomUUID().toString().substring(0, 8);
    private CachingConnectionFactory connections;
    private DurablePublisher publisher;

    @BeforeEach
    void broker() throws Exception {
        TestInfrastructure.createVhost(vhost);
        connections = new CachingConnectionFactory(TestInfrastructure.RABBIT_HOST, TestInfrastructure.RABBIT_PORT);
        connections.setVirtualHost(vhost);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        try (Connection connection = connections.getRabbitConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, "direct", true);
            channel.queueDeclare(QUEUE, true, false, false, Map.of());
            channel.queueBind(QUEUE, EXCHANGE, QUEUE);
        }
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        rabbit.setMandatory(true);
        MessagingProperties messaging = new MessagingProperties(QueueType.CLASSIC, Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1), null);
        publisher = new DurablePublisher(rabbit, messaging, new UrgentFirst(messaging));
    }

    @AfterEach
    void dropVhost() {
        connections.destroy();
        TestInfrastructure.deleteVhost(vhost);
    }

    @Test
    void aListIsInItsQueueWholeAndInOrderWhenPublishAllReturns() throws Exception {
        publisher.publishAll(IntStream.range(0, 300).mapToObj(i -> message(QUEUE, "m-" + i)).toList());

        try (Connection connection = connections.getRabbitConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            assertThat(channel.messageCount(QUEUE)).isEqualTo(300); // confirmed, so already there: no waiting
            GetResponse first = channel.basicGet(QUEUE, true);
            assertThat(first.getProps().getMessageId()).isEqualTo("m-0");
            assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"m-0\"}");
            assertThat(first.getProps().getDeliveryMode()).isEqualTo(2); // persistent
        }
    }

    @Test
    void anUnroutableMessageInTheMiddleOfAListIsAnException() {
        List<OutboundMessage> list = List.of(message(QUEUE, "ok-1"), message("nobody.listens", "lost-2"),
                message(QUEUE, "ok-3"));

        assertThatThrownBy(() -> publisher.publishAll(list)).isInstanceOf(UnroutableMessageException.class)
                .hasMessageContaining("lost-2");
    }

    private static OutboundMessage message(String routingKey, String id) {
        return new OutboundMessage(EXCHANGE, routingKey, id, "evt-1", "application/json", Map.of(),
                "{\"n\":\"" + id + "\"}");
    }
}
