package com.coachway.hub.delivery;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.messaging.RetryProperties;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.vocabulary.NotificationStatus;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * No notification stays {@code queued} or {@code sending} for good. Run by a clustered schedule, this finds the ones
 * that have not changed for {@code hub.delivery.reconcile.stuck-after} and hands each to its queue again:
 * <ul>
 * <li>{@code sending}: the attempt's outcome is unknown (the hub or the database went away mid-attempt). The new
 * delivery message keeps it {@code sending}, so the delivery step asks the provider before sending anything, and
 * parks it as {@code outcome_unknown} where the provider cannot be asked.</li>
 * <li>{@code queued} and due: its hand-over was lost. It is dispatched again (a new dispatch number makes any old
 * message stale), unless its delivery queue still holds a backlog: a rate-limited queue is slow, not stuck.</li>
 * </ul>
 * A future {@code send_at} is waiting, not stuck. Rows are claimed with {@code SKIP LOCKED}, so two instances never
 * take the same one.
 */
@Component
class StuckNotifications {

    private static final Logger log = LoggerFactory.getLogger(StuckNotifications.class);

    private final NotificationStore store;
    private final ChannelDispatcher dispatcher;
    private final NotificationSubmitter submitter;
    private final TransactionTemplate transactions;
    private final AmqpAdmin rabbit;
    private final ReconcileProperties properties;
    private final MeterRegistry meters;

    StuckNotifications(NotificationStore store, ChannelDispatcher dispatcher, NotificationSubmitter submitter,
            TransactionTemplate transactions, AmqpAdmin rabbit, ReconcileProperties properties,
            RetryProperties retry, MeterRegistry meters) {
        Duration longestTier = Collections.max(retry.delays());
        if (properties.stuckAfter().compareTo(longestTier) <= 0) {
            throw new IllegalStateException("hub.delivery.reconcile.stuck-after (" + properties.stuckAfter()
                    + ") must be longer than the longest retry tier (" + longestTier + "): a notification waiting"
                    + " in a tier would be taken for stuck");
        }
        this.store = store;
        this.dispatcher = dispatcher;
        this.submitter = submitter;
        this.transactions = transactions;
        this.rabbit = rabbit;
        this.properties = properties;
        this.meters = meters;
    }

    /** One pass: hands every stuck notification (up to the batch size) on again; returns how many. */
    public int reconcile() {
        Integer handled = transactions.execute(tx -> {
            int count = 0;
            // queue depths are asked once per pass, not once per notification
            Map<String, Boolean> backlogs = new HashMap<>();
            for (Notification notification : store.findAll(store.claimStuck(properties.stuckAfter(),
                    properties.batch()))) {
                if (handOn(notification, backlogs)) {
                    count++;
                }
            }
            return count;
        });
        return handled == null ? 0 : handled;
    }

    private boolean handOn(Notification notification, Map<String, Boolean> backlogs) {
        String since = "no change since " + notification.updatedAt();
        if (notification.status() == NotificationStatus.SENDING) {
            store.timeline(notification.id(), NotificationStatus.SENDING, since + " while sending: the outcome is"
                    + " unknown; handed to its delivery queue again, where the provider is asked first");
            dispatcher.redispatch(notification);
            count(notification, NotificationStatus.SENDING.wire());
            return true;
        }
        if (notification.channel() == null) {
            store.timeline(notification.id(), NotificationStatus.QUEUED, since + " before dispatch: handed to"
                    + " notify again");
            submitter.handOver(notification.id(), notification.priority(), "reconcile/" + notification.id() + "/"
                    + notification.updatedAt().toEpochMilli());
            count(notification, NotificationStatus.QUEUED.wire());
            return true;
        }
        if (backlogs.computeIfAbsent(WorkQueues.deliver(notification.channel(), notification.urgent()),
                this::backlog)) {
            return false; // still moving behind a rate limit: not stuck
        }
        store.timeline(notification.id(), NotificationStatus.QUEUED, since + " on " + notification.channel()
                + ": its delivery message is gone; dispatched again");
        dispatcher.redispatch(notification);
        count(notification, NotificationStatus.QUEUED.wire());
        return true;
    }

    private boolean backlog(String queue) {
        QueueInformation info = rabbit.getQueueInfo(queue);
        return info != null && info.getMessageCount() > 0;
    }

    private void count(Notification notification, String status) {
        log.warn("Notification {} was stuck in {} since {}; handed on again", notification.id(), status,
                notification.updatedAt());
        meters.counter("hub.notifications.reconciled", "status", status).increment();
    }
}
