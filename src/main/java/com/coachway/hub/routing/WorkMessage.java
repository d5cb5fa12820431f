package com.coachway.hub.routing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.WorkQueues;

/**
 * One message for a work queue on {@code hub.work}.
 *
 * @param queue the work queue (the routing key on {@code hub.work})
 * @param messageId deterministic id (event, rule, action, recipient), so a consumer can spot a repeat
 * @param action what the consumer is to do
 * @param rule the rule that produced it
 * @param destination the push destination, or null
 * @param priority the notification priority, or null
 * @param body JSON body
 */
record WorkMessage(String queue, String messageId, Action action, String rule, String destination,
        String priority, String body) {

    /** What a work message asks of its consumer, as its {@code hub_action} header names it. */
    enum Action {
        /** make a notification (a JSON request) */
        NOTIFY(false),
        /** call off the waiting sends of a rule, its {@code cancel_on} (a JSON request) */
        CANCEL(false),
        /** push the event (the CloudEvent itself) */
        PUSH(true),
        /** take the event in as a lead (the CloudEvent itself) */
        LEAD(true);

        private final boolean carriesEvent;

        Action(boolean carriesEvent) {
            this.carriesEvent = carriesEvent;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The message as published: correlated with its event by id, with the event's identity in headers. */
    OutboundMessage toOutbound(RoutedEvent event) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(HubHeaders.EVENT_ID, event.id());
        headers.put(HubHeaders.EVENT_SOURCE, event.source());
        headers.put(HubHeaders.EVENT_TYPE, event.type());
        headers.put(HubHeaders.RULE, rule);
        headers.put(HubHeaders.ACTION, action.wire());
        if (destination != null) {
            headers.put(HubHeaders.DESTINATION, destination);
        }
        if (priority != null) {
            headers.put(HubHeaders.PRIORITY, priority);
        }
        String contentType = action.carriesEvent ? CloudEventsMedia.STRUCTURED : "application/json";
        return new OutboundMessage(WorkQueues.WORK_EXCHANGE, queue, messageId, event.id(), contentType, headers, body);
    }
}
