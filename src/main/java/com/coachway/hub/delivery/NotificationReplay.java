package com.coachway.hub.delivery;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.coachway.hub.deadletter.DeadLetterReplayer;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.problem.Problem;
import com.coachway.hub.problem.ProblemException;

/**
 * Replays a parked notification (API.md §10): it leaves {@code parked} for {@code queued} and is dispatched afresh,
 * so the template in force now renders it and consent is checked again before anything is sent.
 */
@Component
class NotificationReplay implements DeadLetterReplayer {

    private final NotificationStore store;
    private final NotificationSubmitter submitter;

    NotificationReplay(NotificationStore store, NotificationSubmitter submitter) {
        this.store = store;
        this.submitter = submitter;
    }

    @Override
    public boolean replay(String queue, Map<String, Object> headers, String body, boolean edited, String actor) {
        Object id = headers.get(HubHeaders.NOTIFICATION_ID);
        if (!NotificationParking.isNotificationQueue(queue) || id == null) {
            return false;
        }
        Notification notification = store.lock(id.toString()).orElse(null);
        if (notification == null || !NotificationStatus.PARKED.equals(notification.status())) {
            return false; // nothing of ours to reset: the message goes back as it was
        }
        if (edited) {
            throw new ProblemException(Problem.of(409, "notification-replayed-as-is", "Replayed as it is",
                    "A parked notification is sent again as it was requested; fix its template, or send a "
                            + "corrected request"));
        }
        store.requeue(notification.id());
        store.timeline(notification.id(), NotificationStatus.QUEUED, "replayed from the dead letters by " + actor);
        submitter.handOver(notification.id(), notification.priority(), "replay/" + notification.id() + "/"
                + UUID.randomUUID());
        return true;
    }
}
