package com.coachway.hub.ingress;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * An event the hub publishes itself: a structured CloudEvent from {@link #HUB_SOURCE}, its {@code data} as given.
     *
     * @param subject the subject, or null for none
     */
    public static IngressEvent fromHub(String id, String type, String subject, JsonNode data) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new IngressEvent(HUB_SOURCE, id, type, subject, now, envelope(id, type, subject, now, data).toString());
    }

    /** The structured CloudEvent of an event the hub publishes itself. */
    public static ObjectNode envelope(String id, String type, String subject, OffsetDateTime time, JsonNode data) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", HUB_SOURCE);
        event.put("type", type);
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("time", time.toString());
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    /** AMQP message id: one event, one id, whichever instance publishes it. */
    public String messageId() {
        return source + "/" + id;
    }
}
