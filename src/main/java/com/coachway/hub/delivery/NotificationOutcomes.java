package com.coachway.hub.delivery;

import com.coachway.hub.vocabulary.NotificationStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.WorkQueues;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one place a notification's status changes after it left the dispatcher's hands: it ends (blocked, failed,
 * parked), or a provider or recipient moves it forward (delivered, read, opened...). A notification caused by a
 * {@code change.case.*} event that reaches a terminal state is announced to the change system as a
 * {@code notification.status} CloudEvent on its outbound queue, in the same transaction. Call inside one.
 */
@Component
public class NotificationOutcomes {

    static final String STATUS_EVENT_TYPE = "notification.status";
    static final String HUB_SOURCE = "coachway-hub";
    private static final String ANNOUNCED_PREFIX = "change.case.";

    private final NotificationStore store;
    private final DurablePublisher publisher;
    private final ObjectMapper json;

    public NotificationOutcomes(NotificationStore store, DurablePublisher publisher, ObjectMapper json) {
        this.store = store;
        this.publisher = publisher;
        this.json = json;
    }

    /** Ends a notification that has not ended yet, with its timeline entry; false when it already had. */
    public boolean finish(String id, NotificationStatus status, String reason, String errorCode, String errorMessage,
            String detail) {
        if (!store.finish(id, status, reason, errorCode, errorMessage)) {
            return false;
        }
        store.timeline(id, status, detail);
        store.find(id).ifPresent(this::announce);
        return true;
    }

    /**
     * Moves a sent notification to what a provider or the recipient reported, when that is forward; false for a
     * late, repeated or backward report (nothing changes).
     */
    public boolean advance(Notification notification, NotificationStatus status, String errorCode, String errorMessage,
            String detail) {
        if (!notification.status().isForward(status)
                || !store.advance(notification.id(), notification.status(), status, errorCode, errorMessage)) {
            return false;
        }
        store.timeline(notification.id(), status, detail);
        store.find(notification.id()).ifPresent(this::announce);
        return true;
    }

    private void announce(Notification notification) {
        if (!notification.status().terminal() || notification.eventType() == null
                || !notification.eventType().startsWith(ANNOUNCED_PREFIX)) {
            return;
        }
        String eventId = notification.id() + "/status/" + notification.status();
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("id", notification.eventId());
        cause.put("source", notification.eventSource());
        cause.put("type", notification.eventType());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("notification_id", notification.id());
        data.put("status", notification.status());
        data.put("status_at", Instant.now().toString());
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
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", HUB_SOURCE);
        event.put("type", STATUS_EVENT_TYPE);
        event.put("subject", "notification/" + notification.id());
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
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

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write notification.status", e);
        }
    }
}
