package com.coachway.hub.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes persistent messages and returns only once the broker has confirmed every one of them. A nack, a return
 * (unroutable, mandatory publish) or a missing confirm is an exception, so callers never acknowledge work the broker
 * does not hold.
 */
@Component
public class DurablePublisher {

    private final RabbitTemplate rabbit;
    private final Duration confirmTimeout;
    private final UrgentFirst urgentFirst;

    public DurablePublisher(RabbitTemplate rabbit, MessagingProperties messaging, UrgentFirst urgentFirst) {
        this.rabbit = rabbit;
        this.confirmTimeout = messaging.confirmTimeout();
        this.urgentFirst = urgentFirst;
    }

    /** Publishes one message and waits for its confirm. */
    public void publish(OutboundMessage message) {
        publishAll(List.of(message));
    }

    /**
     * Publishes all messages on one channel, then waits for all their confirms (one round trip, not one per
     * message). One channel, not one taken from the cache per message: a batch of 500 events is 500 publishes.
     */
    public void publishAll(List<OutboundMessage> messages) {
        List<CorrelationData> pending = new ArrayList<>(messages.size());
        rabbit.invoke(channel -> {
            for (OutboundMessage message : messages) {
                if (message.routingKey().endsWith(WorkQueues.URGENT_SUFFIX)) {
                    urgentFirst.urgentSeen();
                }
                CorrelationData correlation = new CorrelationData(message.messageId());
                channel.send(message.exchange(), message.routingKey(), toAmqp(message), correlation);
                pending.add(correlation);
            }
            return null;
        });
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        for (CorrelationData correlation : pending) {
            awaitConfirm(correlation, deadline);
        }
    }

    private static void awaitConfirm(CorrelationData correlation, long deadline) {
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AmqpException("no publisher confirm for " + correlation.getId() + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmqpException("interrupted while waiting for a publisher confirm", e);
        } catch (ExecutionException e) {
            throw new AmqpException("publisher confirm failed for " + correlation.getId(), e.getCause());
        }
        if (!confirm.isAck()) {
            throw new UnroutableMessageException(
                    "the broker refused " + correlation.getId() + ": " + confirm.getReason());
        }
        if (correlation.getReturned() != null) {
            throw new UnroutableMessageException("the broker could not route " + correlation.getId() + ": "
                    + correlation.getReturned().getReplyText());
        }
    }

    private static Message toAmqp(OutboundMessage message) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setContentType(message.contentType());
        properties.setMessageId(message.messageId());
        properties.setCorrelationId(message.correlationId());
        message.headers().forEach(properties::setHeader);
        return new Message(message.bodyBytes(), properties);
    }
}
