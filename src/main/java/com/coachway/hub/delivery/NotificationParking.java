package com.coachway.hub.delivery;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.ParkedMessage;
import com.coachway.hub.messaging.ParkingListener;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.vocabulary.NotificationStatus;

/** A notify or delivery message that is parked ends its notification as {@code parked}, with the reason. */
@Component
class NotificationParking implements ParkingListener {

    private final NotificationStore store;
    private final NotificationOutcomes outcomes;
    private final TransactionTemplate transactions;

    NotificationParking(NotificationStore store, NotificationOutcomes outcomes, TransactionTemplate transactions) {
        this.store = store;
        this.outcomes = outcomes;
        this.transactions = transactions;
    }

    /** The reason a notification is parked with when its template fails at send time. */
    static final String TEMPLATE_ERROR = "template_error";

    /** Reasons that start with a code of their own: the code is the notification's reason. */
    private static final List<String> CODES = List.of(TEMPLATE_ERROR, DeliveryService.OUTCOME_UNKNOWN);

    static boolean isNotificationQueue(String queue) {
        return queue != null && (queue.startsWith(WorkQueues.NOTIFY) || queue.startsWith("q.deliver."));
    }

    @Override
    public void parked(ParkedMessage message) {
        String queue = message.queue();
        String reason = message.reason();
        if (!isNotificationQueue(queue)) {
            return;
        }
        String id = message.header(HubHeaders.NOTIFICATION_ID);
        String messageId = message.messageId();
        String notificationId = id != null
                ? id
                : messageId == null
                        ? null
                        : store.idByOriginKey(NotificationIntake.EVENT_ORIGIN_PREFIX + messageId).orElse(null);
        if (notificationId == null) {
            return;
        }
        // a template failure or an unknown outcome keeps its code as the reason, the sentence as the error (API.md
        // §2a)
        String code = CODES.stream().filter(c -> reason.startsWith(c + ":")).findFirst().orElse(null);
        transactions.executeWithoutResult(tx -> outcomes.finish(notificationId, NotificationStatus.PARKED,
                code != null ? code : reason, code, code != null ? reason : null,
                "parked on " + queue + ": " + reason));
    }
}
