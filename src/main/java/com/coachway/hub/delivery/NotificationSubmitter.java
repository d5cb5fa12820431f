package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.UrgentFirst;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.vocabulary.Priority;

/**
 * Stores a notification and hands it to the notify queue, inside the caller's transaction: the hand-over is
 * confirmed by the broker before the caller commits, and a rollback leaves a hand-over that finds no notification
 * (acknowledged as never accepted: the caller saw the failure) rather than a notification nobody will send.
 */
@Component
public class NotificationSubmitter {

    private final NotificationStore store;
    private final DurablePublisher publisher;
    private final UrgentFirst urgentFirst;

    public NotificationSubmitter(NotificationStore store, DurablePublisher publisher, UrgentFirst urgentFirst) {
        this.store = store;
        this.publisher = publisher;
        this.urgentFirst = urgentFirst;
    }

    /** Creates (or, for a known {@code originKey}, finds) the notification and hands a new one over. */
    public NotificationStore.Created submit(NotificationRequest request, String origin, String originKey,
            String requestHash, String createdBy, String resendOf) {
        if (Priority.urgent(request.priority())) {
            urgentFirst.urgentSeen(); // from the request on, not only from its hand-over
        }
        NotificationStore.Created created = store.create(request, origin, originKey, requestHash, createdBy,
                resendOf);
        if (created.created()) {
            handOver(created.id(), request);
        }
        return created;
    }

    private void handOver(String id, NotificationRequest request) {
        if (request.sendAt() != null && request.sendAt().isAfter(Instant.now())) {
            return; // the due-sends schedule hands it to notify when its time comes
        }
        handOver(id, request.priority(), "api/" + id);
    }

    /** Hands a stored notification to the notify queue of its priority, to be dispatched. */
    void handOver(String id, String priority, String messageId) {
        boolean urgent = Priority.urgent(priority);
        publisher.publish(new OutboundMessage(WorkQueues.WORK_EXCHANGE, WorkQueues.notify(urgent), messageId, id,
                "application/json", Map.of(HubHeaders.NOTIFICATION_ID, id, HubHeaders.PRIORITY, priority),
                reference(id)));
    }

    /** The body of a notify message about a stored notification. */
    static String reference(String id) {
        return "{\"notification_id\":\"" + id + "\"}";
    }
}
