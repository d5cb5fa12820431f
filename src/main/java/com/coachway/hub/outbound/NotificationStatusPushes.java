package com.coachway.hub.outbound;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationEnded;
import com.coachway.hub.ingress.IngressEvent;
import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Tells the change system how the notifications its cases caused ended: a {@code notification.status} CloudEvent on
 * its outbound queue for every notification of a {@code change.case.*} event that ends. It listens inside the
 * transaction that ended the notification, so the push is queued (and recorded pending) exactly when the end is
 * committed.
 */
@Component
public class NotificationStatusPushes {

    /** The event pushed to the change system when a notification a change case caused ends. */
    public static final String STATUS_EVENT_TYPE = "notification.status";
    static final String HUB_SOURCE = IngressEvent.HUB_SOURCE;
    private static final String ANNOUNCED_PREFIX = "change.case.";
    private static final String CHANGE = "change";

    private final DurablePublisher publisher;
    private final PushStore store;
    private final ObjectMapper json;

    NotificationStatusPushes(DurablePublisher publisher, PushStore store, ObjectMapper json) {
        this.publisher = publisher;
        this.store = store;
        this.json = json;
    }

    @EventListener
    void ended(NotificationEnded ended) {
        Notification notification = ended.notification();
        if (notification.eventType() == null || !notification.eventType().startsWith(ANNOUNCED_PREFIX)) {
            return;
        }
        String eventId = notification.id() + "/status/" + notification.status();
        String subject = "notification/" + notification.id();
        JsonNode event = IngressEvent.envelope(eventId, STATUS_EVENT_TYPE, subject,
                ended.at().atOffset(ZoneOffset.UTC), json.valueToTree(data(notification, ended)));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(HubHeaders.EVENT_ID, eventId);
        headers.put(HubHeaders.EVENT_SOURCE, HUB_SOURCE);
        headers.put(HubHeaders.EVENT_TYPE, STATUS_EVENT_TYPE);
        headers.put(HubHeaders.ACTION, "push");
        headers.put(HubHeaders.DESTINATION, CHANGE);
        headers.put(HubHeaders.NOTIFICATION_ID, notification.id());
        String body = write(event);
        // the event was just made here: its row is written from what is known, not read back from its JSON
        store.expect(CHANGE, new PushEvent(eventId, HUB_SOURCE, STATUS_EVENT_TYPE, subject, ended.at(),
                body.getBytes(StandardCharsets.UTF_8)));
        publisher.publish(new OutboundMessage(WorkQueues.WORK_EXCHANGE, WorkQueues.OUTBOUND_CHANGE, eventId,
                notification.eventId(), CloudEventsMedia.STRUCTURED, headers, body));
    }

    private static StatusData data(Notification notification, NotificationEnded ended) {
        String caseNumber = null;
        if (notification.data() != null) {
            // case_number is the contract's name (API.md §2a); case_id is what the change system read before
            JsonNode number = notification.data().hasNonNull("case_number")
                    ? notification.data().get("case_number")
                    : notification.data().get("case_id");
            if (number != null && number.isValueNode()) {
                caseNumber = number.asText();
            }
        }
        return new StatusData(notification.id(), notification.status(), ended.at().toString(), notification.reason(),
                notification.channel(), new StatusData.Recipient(notification.recipient() == null
                        ? null
                        : notification.recipient().name(), notification.address()),
                notification.template(), notification.errorCode(), new StatusData.Cause(notification.eventId(),
                        notification.eventSource(), notification.eventType()),
                caseNumber, caseNumber);
    }

    /**
     * The data of {@code notification.status}. Every member is written, null or not, as the change system has always
     * read it; only the case number is left out when the notification's event had none.
     *
     * @param notificationId the notification that ended
     * @param status its final status
     * @param statusAt when it ended
     * @param reason why it was blocked, when it was
     * @param channel the channel it ended on
     * @param recipient who it was for
     * @param template the template it used
     * @param errorCode the provider's error code, when it failed
     * @param causedBy the event that caused it
     * @param caseNumber the change case's number (API.md §2a)
     * @param caseId the same number, under the name the change system read before
     */
    @Schema(name = "NotificationStatusData")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StatusData(String notificationId, NotificationStatus status, String statusAt, String reason,
            String channel, Recipient recipient, String template, String errorCode, Cause causedBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) String caseNumber,
            @JsonInclude(JsonInclude.Include.NON_NULL) String caseId) {

        /** @param name the recipient's name @param address where it was sent */
        @Schema(name = "NotificationStatusRecipient")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public record Recipient(String name, String address) {
        }

        /** @param id the event's id @param source its source @param type its type */
        @Schema(name = "NotificationStatusCause")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        public record Cause(String id, String source, String type) {
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write notification.status", e);
        }
    }
}
