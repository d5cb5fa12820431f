package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

    private static final Logger log = LoggerFactory.getLogger(NotificationSubmitter.class);

    private final NotificationStore store;
    private final DurablePublisher publisher;
    private final UrgentFirst urgentFirst;

    public NotificationSubmitter(NotificationStore store, DurablePublisher publisher, UrgentFirst urgentFirst) {
        this.store = store;
        this.publisher = publisher;
        this.urgentFirst = urgentFirst;
    }

    /** Creates (or, for a known {@code originKey}, finds) the notification and hands a new one over. */
    public NotificationStore.Created submit(NotificationRequest request, NotificationOrigin origin, String originKey,
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

    /**
     * Creates (or finds) the notification in the caller's transaction, and hands a new one over once that commits,
     * for callers that must not fail when the broker does: a provider's webhook that is not sent again (Twilio's
     * inbound message). A hand-over that fails then is logged, and the stuck-notifications schedule makes it
     * ({@code hub.delivery.reconcile.stuck-after}), as for any hand-over that was lost.
     */
    public NotificationStore.Created submitAfterCommit(NotificationRequest request, NotificationOrigin origin,
            String originKey, String createdBy) {
        NotificationStore.Created created = store.create(request, origin, originKey, null, createdBy, null);
        if (created.created()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    try {
                        handOver(created.id(), request);
                    } catch (RuntimeException e) {
                        log.warn("Notification {} is stored but could not be handed to the notify queue now ({}): "
                                + "the stuck-notifications schedule sends it later", created.id(), e.toString());
                    }
                }
            });
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
