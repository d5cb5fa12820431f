package com.coachway.hub.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topology settings under {@code hub.messaging}.
 *
 * @param queueType classic or quorum; changing it for existing queues needs them deleted first (RabbitMQ refuses to
 *            redeclare a queue with other arguments)
 */
@ConfigurationProperties("hub.messaging")
public record MessagingProperties(@DefaultValue("classic") QueueType queueType) {
}
