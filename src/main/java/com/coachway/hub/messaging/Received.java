package com.coachway.hub.messaging;

/**
 * What the broker said about a consumed message. The route {@code amqp.received} maps it from the consumer's
 * headers, so no bean reads a component's header names.
 *
 * @param messageId the AMQP message id
 * @param correlationId the AMQP correlation id
 * @param contentType the AMQP content type
 * @param exchange the exchange it was published to
 * @param routingKey the routing key it was published with
 */
public record Received(String messageId, String correlationId, String contentType, String exchange,
        String routingKey) {

    /** For the routes' method calls, which cannot name a constructor. */
    public static Received of(String messageId, String correlationId, String contentType, String exchange,
            String routingKey) {
        return new Received(messageId, correlationId, contentType, exchange, routingKey);
    }
}
