package com.coachway.hub.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message the hub publishes: everything on the wire is listed here, nothing is copied from an inbound request.
 *
 * @param exchange target exchange
 * @param routingKey routing key
 * @param messageId AMQP message id (deterministic, so consumers can spot repeats)
 * @param correlationId AMQP correlation id (the event id the message is about)
 * @param contentType AMQP content type
 * @param headers AMQP headers
 * @param body UTF-8 JSON
 */
public record OutboundMessage(String exchange, String routingKey, String messageId, String correlationId,
        String contentType, Map<String, Object> headers, String body) {

    public OutboundMessage {
        headers = Map.copyOf(headers);
    }

    byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
