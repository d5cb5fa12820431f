package com.coachway.hub.ingress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.PositiveSize;

import jakarta.validation.constraints.Positive;

/**
 * Ingress limits under {@code hub.ingress}, for HTTP and AMQP alike.
 *
 * @param maxEventSize largest single event (API.md: 256 KiB)
 * @param maxBatchEvents most events in one batch (API.md: 500)
 */
@Validated
@ConfigurationProperties("hub.ingress")
record IngressProperties(@DefaultValue("256KB") @PositiveSize DataSize maxEventSize,
        @DefaultValue("500") @Positive int maxBatchEvents) {
}
