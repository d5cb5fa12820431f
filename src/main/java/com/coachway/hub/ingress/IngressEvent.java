package com.coachway.hub.ingress;

import java.time.OffsetDateTime;

/**
 * A valid CloudEvent, ready to be accepted.
 *
 * @param source the CloudEvent source (also the publisher's identity)
 * @param id the CloudEvent id, unique per source
 * @param type the CloudEvent type (the routing key on {@code hub.events})
 * @param subject the CloudEvent subject, or null
 * @param time the CloudEvent time, or null
 * @param json the whole event as compact JSON, forwarded unchanged
 */
public record IngressEvent(String source, String id, String type, String subject, OffsetDateTime time, String json) {

    /** The source of the events the hub publishes itself (raised, lead and notification events). */
    public static final String HUB_SOURCE = "coachway-hub";

    /** AMQP message id: one event, one id, whichever instance publishes it. */
    public String messageId() {
        return source + "/" + id;
    }
}
