package com.coachway.hub.deadletter;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parked or unroutable message, as ops see it.
 *
 * @param id dead letter id
 * @param queue the work queue it failed on ({@code q.unrouted} when nothing was bound to take it)
 * @param parkedQueue the queue it was drained from
 * @param messageId its AMQP message id
 * @param correlationId its AMQP correlation id (the event id)
 * @param originalExchange where it was first published
 * @param originalRoutingKey with which routing key
 * @param contentType its content type
 * @param headers its AMQP headers
 * @param body the body as text (UTF-8), or null when it is not text
 * @param bodyBase64 the body in base64 when it is not text
 * @param reason why it was parked
 * @param providerCode the provider's code for the last failure (Twilio {@code 30003}, {@code HTTP 503}), if any
 * @param kind permanent, transient (retries exhausted) or unroutable
 * @param attempts attempts made
 * @param firstFailure first failure
 * @param lastFailure last failure
 * @param parkedAt when it reached the table
 * @param status parked, replayed or discarded
 * @param history replays and discards: who, when, what
 */
record DeadLetter(long id, String queue, String parkedQueue, String messageId, String correlationId,
        String originalExchange, String originalRoutingKey, String contentType, Map<String, Object> headers,
        String body, String bodyBase64, String reason, String providerCode, String kind, Integer attempts,
        Instant firstFailure, Instant lastFailure, Instant parkedAt, String status, JsonNode history) {
}
