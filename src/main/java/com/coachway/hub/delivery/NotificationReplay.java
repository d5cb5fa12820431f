package com.coachway.hub.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.deadletter.DeadLetterReplayer;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Replays a parked notification (API.md §10): it leaves {@code parked} for {@code queued} and is dispatched afresh,
 * so the template in force now renders it and consent is checked again before anything is sent. An edited replay
 * may correct the recipient (a mistyped number), and nothing else: see {@link RecipientCorrection}. A discarded one
 * says so on its timeline. One ops resent as a copy is not replayed: that would reach the recipient twice.
 */
@Component
class NotificationReplay implements DeadLetterReplayer {

    private final NotificationStore store;
    private final NotificationSubmitter submitter;
    private final Addresses addresses;
    private final ObjectMapper json;

    NotificationReplay(NotificationStore store, NotificationSubmitter submitter, Addresses addresses,
            ObjectMapper json) {
        this.store = store;
        this.submitter = submitter;
        this.addresses = addresses;
        this.json = json;
    }

    private void correct(Notification notification, Recipient corrected, String actor) {
        Recipient was = notification.recipient();
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(was.phone(), corrected.phone())) {
            changes.add("phone " + Masking.address(was.phone()) + " → " + Masking.address(corrected.phone()));
        }
        if (!Objects.equals(was.email(), corrected.email())) {
            changes.add("email " + Masking.address(was.email()) + " → " + Masking.address(corrected.email()));
        }
        if (!Objects.equals(was.name(), corrected.name())) {
            changes.add("name");
        }
        if (changes.isEmpty()) {
            return;
        }
        store.correctRecipient(notification.id(), corrected);
        store.timeline(notification.id(), NotificationStatus.PARKED, "recipient corrected by " + actor + ": "
                + String.join(", ", changes) + "; consent is checked again on the way out");
    }

    /**
     * A parked notification given up by ops stays {@code parked} (it was not delivered), and its timeline says who
     * gave it up and why, so whoever looks it up later sees it ended on purpose.
     */
    @Override
    public void discarded(String queue, long deadLetterId, Map<String, Object> headers, String reason,
            String actor) {
        Object id = headers.get(HubHeaders.NOTIFICATION_ID);
        if (!NotificationParking.isNotificationQueue(queue) || id == null) {
            return;
        }
        store.lock(id.toString()).filter(notification -> notification.status() == NotificationStatus.PARKED)
                .ifPresent(notification -> store.timeline(notification.id(), NotificationStatus.PARKED,
                        "given up by " + actor + " (dead letter " + deadLetterId + " discarded): " + reason));
    }

    @Override
    public boolean replay(String queue, Map<String, Object> headers, String body, boolean edited,
            List<String> changed, String actor) {
        Object id = headers.get(HubHeaders.NOTIFICATION_ID);
        if (!NotificationParking.isNotificationQueue(queue) || id == null) {
            return false;
        }
        Notification notification = store.lock(id.toString()).orElse(null);
        if (notification == null || notification.status() != NotificationStatus.PARKED) {
            return false; // nothing of ours to reset: the message goes back as it was
        }
        // a resend gave up its dead letters; one drained after it still must not send it a second time
        Optional<String> copy = store.firstResend(notification.id());
        if (copy.isPresent()) {
            throw new ProblemException(Problems.of(409, "resent", "Already resent",
                    "Notification " + notification.id() + " was resent as " + copy.get()
                            + "; a replay would reach the recipient twice. Discard this dead letter"));
        }
        if (edited) {
            correct(notification, RecipientCorrection.apply(notification.recipient(), changed, body, addresses,
                    json), actor);
        }
        store.requeue(notification.id());
        store.timeline(notification.id(), NotificationStatus.QUEUED, "replayed from the dead letters by " + actor);
        submitter.handOver(notification.id(), notification.priority(), "replay/" + notification.id() + "/"
                + UUID.randomUUID());
        return true;
    }
}
