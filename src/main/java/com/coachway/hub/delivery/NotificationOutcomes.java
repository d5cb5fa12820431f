package com.coachway.hub.delivery;

import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * The one place a notification's status changes after it left the dispatcher's hands: it ends (blocked, failed,
 * parked), or a provider or recipient moves it forward (delivered, read, opened...). Every notification that ends
 * is published as a {@link NotificationEnded} in the same transaction (the change system hears of it through
 * outbound). Call inside one.
 */
@Component
public class NotificationOutcomes {

    private final NotificationStore store;
    private final ApplicationEventPublisher events;

    public NotificationOutcomes(NotificationStore store, ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
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
        if (notification.terminal()) {
            events.publishEvent(new NotificationEnded(notification, Instant.now()));
        }
    }

    /** Records a step that changes nothing about where the notification stands (a soft bounce, a complaint). */
    public void note(Notification notification, String detail) {
        store.timeline(notification.id(), notification.status(), detail);
    }
}
