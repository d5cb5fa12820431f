package com.coachway.hub.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.PositiveSize;

/**
 * HTTP limits under {@code hub.http}.
 *
 * @param maxBodySize largest request body in general (API.md: 256 KiB for an event)
 * @param maxBatchBodySize largest {@code application/cloudevents-batch+json} body
 */
@Validated
@ConfigurationProperties("hub.http")
record HttpProperties(@DefaultValue("256KB") @PositiveSize DataSize maxBodySize,
        @DefaultValue("8MB") @PositiveSize DataSize maxBatchBodySize) {
}
