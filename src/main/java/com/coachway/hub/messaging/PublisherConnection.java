package com.coachway.hub.messaging;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.amqp.RabbitTemplateCustomizer;
import org.springframework.stereotype.Component;

/**
 * Publishes over a connection of their own, apart from the consumers'. On one shared connection every publish and
 * every delivery and ack took turns at one socket (the profile showed consumer threads queued on its write lock), and
 * when the broker slows a publishing connection down (flow control) it would slow the acks that free its queues too.
 */
@Component
class PublisherConnection implements RabbitTemplateCustomizer {

    @Override
    public void customize(RabbitTemplate template) {
        template.setUsePublisherConnection(true);
    }
}
