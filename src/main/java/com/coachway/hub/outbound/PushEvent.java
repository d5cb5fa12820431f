package com.coachway.hub.outbound;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.coachway.hub.messaging.PermanentFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a push needs to know of the CloudEvent it carries.
 *
 * @param id CloudEvent id (the Idempotency-Key)
 * @param source CloudEvent source
 * @param type CloudEvent type
 * @param subject CloudEvent subject, or null (then no ordering applies)
 * @param time CloudEvent time, or null (then no ordering applies)
 * @param body the event exactly as it is pushed
 */
record PushEvent(String id, String source, String type, String subject, Instant time, byte[] body) {

    boolean ordered() {
        return subject != null && time != null;
    }

    /** The event of a push message's body; a body that is not a CloudEvent with an id is a permanent failure. */
    static PushEvent parse(byte[] body, ObjectMapper json) {
        JsonNode event;
        try {
            event = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw new PermanentFailure("push message is not JSON: " + e.getMessage(), e);
        }
        if (event == null || !event.isObject() || !event.path("id").isTextual() || event.path("id").asText()
                .isBlank()) {
            throw new PermanentFailure("a push message must be a CloudEvent with an id");
        }
        return new PushEvent(event.get("id").asText(), text(event, "source"), text(event, "type"),
                text(event, "subject"), time(event), body);
    }

    private static Instant time(JsonNode event) {
        String time = text(event, "time");
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return null; // ingress checked it; a hand-made message without a usable time is pushed unordered
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
