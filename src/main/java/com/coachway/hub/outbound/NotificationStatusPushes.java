package com.coachway.hub.outbound;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationEnded;
import com.coachway.hub.ingress.IngressEvent;
import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.WorkQueues;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tells the change system how the notifications its cases caused ended: a {@code notification.status} CloudEvent on
 * its outbound queue for every notification of a {@code change.case.*} event that ends. It listens inside the
 * transaction that ended the notification, so the push is queued exactly when the end is committed.
 */
@Component
class NotificationStatusPushes {

    static final String STATUS_EVENT_TYPE = "notification.status";
    static final String HUB_SOURCE = IngressEvent.HUB_SOURCE;
    private static final String ANNOUNCED_PREFIX = "change.case.";

    private final DurablePublisher publisher;
    private final ObjectMapper json;

    NotificationStatusPushes(DurablePublisher publisher, ObjectMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    @EventListener
    void ended(NotificationEnded ended) {
        Notification notification = ended.notification();
        if (notification.eventType() == null || !notification.eventType().startsWith(ANNOUNCED_PREFIX)) {
            return;
        }
        String eventId = notification.id() + "/status/" + notification.status();
        JsonNode event = IngressEvent.envelope(eventId, STATUS_EVENT_TYPE, "notification/" + notification.id(),
                ended.at().atOffset(ZoneOffset.UTC), json.valueToTree(data(notification, ended)));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(HubHeaders.EVENT_ID, eventId);
        headers.put(HubHeaders.EVENT_SOURCE, HUB_SOURCE);
        headers.put(HubHeaders.EVENT_TYPE, STATUS_EVENT_TYPE);
        headers.put(HubHeaders.ACTION, "push");
        headers.put(HubHeaders.DESTINATION, "change");
        headers.put(HubHeaders.NOTIFICATION_ID, notification.id());
        publisher.publish(new OutboundMessage(WorkQueues.WORK_EXCHANGE, WorkQueues.OUTBOUND_CHANGE, eventId,
                notification.eventId(), "application/cloudevents+json", headers, write(event)));
    }

    private static Map<String, Object> data(Notification notification, NotificationEnded ended) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("id", notification.eventId());
        cause.put("source", notification.eventSource());
        cause.put("type", notification.eventType());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("notification_id", notification.id());
        data.put("status", notification.status());
        data.put("status_at", ended.at().toString());
        data.put("reason", notification.reason());
        data.put("channel", notification.channel());
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("name", notification.recipient() == null ? null : notification.recipient().name());
        recipient.put("address", notification.address());
        data.put("recipient", recipient);
        data.put("template", notification.template());
        data.put("error_code", notification.errorCode());
        data.put("caused_by", cause);
        if (notification.data() != null) {
            // case_number is the contract's name (API.md §2a); case_id is what the change system read before
            JsonNode caseNumber = notification.data().hasNonNull("case_number")
                    ? notification.data().get("case_number")
                    : notification.data().get("case_id");
            if (caseNumber != null && caseNumber.isValueNode()) {
                data.put("case_number", caseNumber.asText());
                data.put("case_id", caseNumber.asText());
            }
        }
        return data;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write notification.status", e);
        }
    }
}
