package com.coachway.hub.routing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as the router sees it.
 *
 * @param source CloudEvent source
 * @param id CloudEvent id
 * @param type CloudEvent type
 * @param subject CloudEvent subject, or null
 * @param time CloudEvent time as sent, or null
 * @param data the data object (an empty object when the event has none)
 * @param json the whole event, forwarded unchanged to pushes and lead intake
 */
record RoutedEvent(String source, String id, String type, String subject, String time, JsonNode data,
        String json) {
}
