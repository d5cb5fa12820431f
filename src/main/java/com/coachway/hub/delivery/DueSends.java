package com.coachway.hub.delivery;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.WorkQueues;

/**
 * Hands notifications whose {@code send_at} has come to the notify queue. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} and their {@code send_at} cleared in the same transaction as the confirmed publish,
 * so each is handed over once even if two instances run this at the same moment.
 */
@Component
class DueSends {

    static final int BATCH = 200;

    private final NotificationStore store;
    private final DurablePublisher publisher;
    private final TransactionTemplate transactions;

    public DueSends(NotificationStore store, DurablePublisher publisher, TransactionTemplate transactions) {
        this.store = store;
        this.publisher = publisher;
        this.transactions = transactions;
    }

    /** Hands over what is due now, in batches; returns how many. */
    public int handOver() {
        int total = 0;
        int handed;
        do {
            handed = transactions.execute(tx -> {
                List<String> due = store.claimDue(BATCH);
                List<OutboundMessage> messages = store.findAll(due).stream().map(n -> new OutboundMessage(
                        WorkQueues.WORK_EXCHANGE, WorkQueues.notify(n.urgent()), "due/" + n.id(), n.id(),
                        "application/json", Map.of(HubHeaders.NOTIFICATION_ID, n.id(), HubHeaders.PRIORITY,
                                n.priority()),
                        "{\"notification_id\":\"" + n.id() + "\"}")).toList();
                publisher.publishAll(messages);
                if (!due.isEmpty()) {
                    store.handedOver(due, "send time reached");
                }
                return due.size();
            });
            total += handed;
        } while (handed == BATCH);
        return total;
    }
}
