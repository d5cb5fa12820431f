package com.coachway.hub.delivery;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.ParkingListener;

/** A notify or delivery message that is parked ends its notification as {@code parked}, with the reason. */
@Component
class NotificationParking implements ParkingListener {

    private static final String RECEIVED_MESSAGE_ID = "CamelSpringRabbitmqMessageId";

    private final NotificationStore store;
    private final NotificationOutcomes outcomes;
    private final TransactionTemplate transactions;

    NotificationParking(NotificationStore store, NotificationOutcomes outcomes, TransactionTemplate transactions) {
        this.store = store;
        this.outcomes = outcomes;
        this.transactions = transactions;
    }

    @Override
    public void parked(String queue, Map<String, Object> headers, String reason) {
        if (queue == null || !(queue.startsWith("q.notify") || queue.startsWith("q.deliver."))) {
            return;
        }
        Object id = headers.get(HubHeaders.NOTIFICATION_ID);
        Object messageId = headers.get(RECEIVED_MESSAGE_ID);
        String notificationId = id != null
                ? id.toString()
                : messageId == null
                        ? null
                        : store.idByOriginKey(NotificationIntake.EVENT_ORIGIN_PREFIX + messageId).orElse(null);
        if (notificationId == null) {
            return;
        }
        transactions.executeWithoutResult(tx -> outcomes.finish(notificationId, NotificationStatus.PARKED, reason,
                null, null, "parked on " + queue + ": " + reason));
    }
}
