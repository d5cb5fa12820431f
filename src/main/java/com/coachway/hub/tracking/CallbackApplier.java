package com.coachway.hub.tracking;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.delivery.LateFailures;
import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationOutcomes;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.ProviderFailure;
import com.coachway.hub.delivery.TrackingProperties;
import com.coachway.hub.messaging.FailurePolicy;
import com.coachway.hub.vocabulary.NotificationStatus;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies recorded status callbacks to their notifications, oldest first, forward only: a late {@code sent} after
 * {@code delivered} or a repeated callback changes nothing and is kept as {@code ignored}. Instances share the work
 * through {@code FOR UPDATE SKIP LOCKED} leases; each callback is applied in a transaction of its own, so one bad
 * row cannot hold up the rest.
 */
@Component
class CallbackApplier {

    private static final Logger log = LoggerFactory.getLogger(CallbackApplier.class);
    private static final int MAX_PASSES = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final NotificationStore notifications;
    private final NotificationOutcomes outcomes;
    private final LateFailures lateFailures;
    private final TrackingProperties properties;
    private final MeterRegistry meters;

    CallbackApplier(JdbcClient jdbc, TransactionTemplate transactions, NotificationStore notifications,
            NotificationOutcomes outcomes, LateFailures lateFailures, TrackingProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.notifications = notifications;
        this.outcomes = outcomes;
        this.lateFailures = lateFailures;
        this.properties = properties;
        this.meters = meters;
    }

    /** Applies what is due, in batches until none is left (bounded); returns how many callbacks were handled. */
    public int applyDue() {
        int handled = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            List<Callback> batch = claim();
            batch.forEach(this::applySafely);
            handled += batch.size();
            if (batch.size() < properties.applyBatch()) {
                break;
            }
        }
        return handled;
    }

    /**
     * One recorded callback.
     *
     * @param id row id
     * @param provider twilio or meta
     * @param messageId the provider's message id
     * @param status the provider's status word
     * @param errorCode the provider's error code, if any
     * @param errorMessage the provider's error text, if any
     * @param receivedAt when the webhook took it
     * @param attempts how many times it was claimed, this time included
     */
    record Callback(long id, String provider, String messageId, String status, String errorCode, String errorMessage,
            Instant receivedAt, int attempts) {
    }

    // a lease: a claimed row is not due again until retry-delay has passed, whether this instance finishes or dies
    private List<Callback> claim() {
        return transactions.execute(tx -> jdbc.sql("""
                UPDATE provider_callbacks
                   SET attempts = attempts + 1,
                       next_attempt_at = clock_timestamp() + make_interval(secs => :lease)
                 WHERE id IN (SELECT id FROM provider_callbacks
                               WHERE state = 'pending' AND next_attempt_at <= clock_timestamp()
                               ORDER BY id
                               LIMIT :limit
                               FOR UPDATE SKIP LOCKED)
                RETURNING id, provider, message_id, status, error_code, error_message, received_at, attempts
                """)
                .param("lease", Math.max(1.0, properties.retryDelay().toMillis() / 1000.0))
                .param("limit", properties.applyBatch())
                .query((rs, row) -> new Callback(rs.getLong("id"), rs.getString("provider"),
                        rs.getString("message_id"), rs.getString("status"), rs.getString("error_code"),
                        rs.getString("error_message"), rs.getTimestamp("received_at").toInstant(),
                        rs.getInt("attempts")))
                .list()
                .stream()
                .sorted(Comparator.comparingLong(Callback::id))
                .toList());
    }

    private void applySafely(Callback callback) {
        try {
            transactions.executeWithoutResult(tx -> apply(callback));
        } catch (RuntimeException e) {
            if (FailurePolicy.isInfrastructure(e) || e instanceof AmqpException) {
                // the broker (a late failure hands the message to another channel) or the database is away: not the
                // callback's fault, so it waits out the outage, however long, without spending an attempt
                log.info("Status callback {} waits: {}", callback.id(), e.toString());
                unspend(callback.id());
                return;
            }
            boolean givingUp = callback.attempts() >= properties.maxAttempts();
            log.warn("Status callback {} ({} {} {}) failed to apply{}: {}", callback.id(), callback.provider(),
                    callback.messageId(), callback.status(), givingUp ? ", set aside for ops" : ", will retry",
                    e.toString());
            if (givingUp) {
                settle(callback.id(), CallbackState.FAILED, e.toString(), null);
            }
        }
    }

    private void apply(Callback callback) {
        Optional<NotificationStatus> status = ProviderStatuses.of(callback.provider(), callback.status());
        if (status.isEmpty()) {
            settle(callback.id(), CallbackState.IGNORED, "'" + callback.status() + "' says nothing new", null);
            return;
        }
        Optional<Notification> found = notifications.lockByProviderMessage(callback.provider(),
                callback.messageId());
        if (found.isEmpty()) {
            if (callback.receivedAt().plus(properties.unknownGrace()).isBefore(Instant.now())) {
                settle(callback.id(), CallbackState.UNMATCHED, "no notification has this message id", null);
            }
            // else it stays pending: the hub may not have committed its own "sent" yet
            return;
        }
        Notification notification = found.get();
        ProviderFailure failure = ProviderFailure.rejected(callback.provider(), null, callback.errorCode(),
                callback.errorMessage());
        String detail = callback.provider() + " reports " + callback.status()
                + (callback.errorCode() == null
                        ? ""
                        : " (" + callback.errorCode() + (failure.message() == null ? "" : ": " + failure.message())
                                + ")");
        boolean moved = ProviderStatuses.isFailure(status.get())
                ? lateFailures.reported(notification, status.get(), failure, detail)
                : outcomes.advance(notification, status.get(), null, null, detail);
        if (!moved && ProviderStatuses.isFailure(status.get()) && notification.status().reached()) {
            // carriers' receipts can contradict each other; ops asked "did they get it?" see both
            notifications.timeline(notification.id(), notification.status(), detail + " after it was "
                    + notification.status() + "; it stays " + notification.status());
        }
        settle(callback.id(), moved ? CallbackState.APPLIED : CallbackState.IGNORED,
                moved ? null : "notification already " + notification.status(), notification.id());
        meters.counter("hub.callbacks.applied", "provider", callback.provider(), "outcome",
                (moved ? CallbackState.APPLIED : CallbackState.IGNORED).wire()).increment();
    }

    private void unspend(long id) {
        try {
            jdbc.sql("UPDATE provider_callbacks SET attempts = attempts - 1 WHERE id = :id AND attempts > 0")
                    .param("id", id)
                    .update();
        } catch (RuntimeException e) {
            // the database is away too: the lease still holds the callback back until retry-delay has passed
            log.debug("Could not give callback {} its attempt back: {}", id, e.toString());
        }
    }

    private void settle(long id, CallbackState state, String outcome, String notificationId) {
        jdbc.sql("""
                UPDATE provider_callbacks SET state = :state, outcome = :outcome,
                    notification_id = coalesce(:notification, notification_id), applied_at = clock_timestamp()
                WHERE id = :id
                """)
                .param("id", id)
                .param("state", state.wire())
                .param("outcome", outcome)
                .param("notification", notificationId)
                .update();
    }
}
