package com.coachway.hub.messaging;

import java.util.Map;

/**
 * A message that was parked, as its owner is told of it.
 *
 * @param queue the work queue it failed on
 * @param messageId its AMQP message id, or null
 * @param headers its headers (with {@link HubHeaders})
 * @param reason why it was parked
 */
public record ParkedMessage(String queue, String messageId, Map<String, Object> headers, String reason) {

    /** One of its headers as text, or null. */
    public String header(String name) {
        return HubHeaders.text(headers, name);
    }
}
