package com.coachway.hub.delivery;

import org.springframework.stereotype.Component;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.RetryListener;
import com.coachway.hub.messaging.RetryingMessage;
import com.coachway.hub.vocabulary.DurationWords;
import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * A notify or delivery message that failed and waits for a retry: its notification's timeline says when the next
 * attempt comes, so ops looking at a {@code queued} notification know whether anything is still to happen.
 */
@Component
class NotificationRetries implements RetryListener {

    private final NotificationStore store;

    NotificationRetries(NotificationStore store) {
        this.store = store;
    }

    @Override
    public void retrying(RetryingMessage message) {
        String id = message.header(HubHeaders.NOTIFICATION_ID);
        if (id == null || !NotificationParking.isNotificationQueue(message.queue())) {
            return;
        }
        store.timeline(id, NotificationStatus.QUEUED, "next attempt in " + DurationWords.of(message.delay())
                + " (retry " + message.retry() + " of " + message.retries() + ")");
    }
}
