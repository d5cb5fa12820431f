package com.coachway.hub.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.NotNegativeDuration;
import com.coachway.hub.settings.PositiveDuration;

/**
 * Messaging settings under {@code hub.messaging}.
 *
 * @param queueType classic or quorum; changing it for existing queues needs them deleted first (RabbitMQ refuses to
 *            redeclare a queue with other arguments)
 * @param confirmTimeout the longest wait for a publisher confirm
 * @param receiveTimeout how often an idle consumer looks up (bounds how long stopping a consumer takes)
 * @param urgentWindow how long bulk consumers hold off after an urgent message was last seen ({@link UrgentFirst});
 *            zero turns it off
 * @param bulkMaxWait the longest a bulk consumer holds off before each message
 * @param managementUrl base URL of RabbitMQ's management plugin, where the queue listing reads message rates
 *            ({@link BrokerRates}); empty for none
 */
@Validated
@ConfigurationProperties("hub.messaging")
record MessagingProperties(@DefaultValue("classic") QueueType queueType,
        @DefaultValue("PT5S") @PositiveDuration Duration confirmTimeout,
        @DefaultValue("PT0.1S") @PositiveDuration Duration receiveTimeout,
        @DefaultValue("PT0.1S") @NotNegativeDuration Duration urgentWindow,
        @DefaultValue("PT1S") @PositiveDuration Duration bulkMaxWait,
        String managementUrl) {
}
