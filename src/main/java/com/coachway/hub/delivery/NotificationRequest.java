package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request to tell one recipient something, from a routing-table notify action or from the API.
 *
 * @param template template name
 * @param channels channels in fallback order
 * @param category transactional, marketing or reminders
 * @param priority critical, high, normal or low
 * @param to the recipient
 * @param data template variables
 * @param sendAt when to send, or null for now
 * @param event the event that caused it, or null
 * @param rule the routing rule that produced it, or null
 */
public record NotificationRequest(String template, List<String> channels, String category, String priority,
        Recipient to, JsonNode data, Instant sendAt, EventRef event, String rule) {

    public NotificationRequest {
        channels = List.copyOf(channels);
        to = to == null ? Recipient.NOBODY : to;
    }

    /**
     * The event behind a notification.
     *
     * @param id CloudEvent id
     * @param source CloudEvent source
     * @param type CloudEvent type
     * @param subject CloudEvent subject
     */
    public record EventRef(String id, String source, String type, String subject) {
    }
}
