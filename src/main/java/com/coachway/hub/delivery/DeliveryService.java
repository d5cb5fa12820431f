package com.coachway.hub.delivery;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.consent.Suppression;
import com.coachway.hub.consent.WhatsAppWindows;
import com.coachway.hub.messaging.PermanentFailure;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The deliver step around the provider call: {@link #begin} marks the attempt (and drops stale or repeated
 * messages), {@link #sent} records the provider's id, {@link #failed} classifies the error and retries, moves to the
 * next channel, or suppresses. Each runs in its own short transaction: the provider call itself is outside any.
 *
 * <p>Exactly-once towards the provider holds except in one window: the hub stops after the provider accepted a
 * message and before {@link #sent} committed (a few milliseconds), or the provider's answer is lost (a timeout
 * after it accepted). The redelivered message then finds the notification still {@code sending} and sends again;
 * the timeline says so.
 */
@Component
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final NotificationStore store;
    private final ChannelDispatcher dispatcher;
    private final ConsentStore consent;
    private final ProviderOptOuts optOuts;
    private final WhatsAppWindows windows;
    private final Sandbox sandbox;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public DeliveryService(NotificationStore store, ChannelDispatcher dispatcher, ConsentStore consent,
            ProviderOptOuts optOuts,
            WhatsAppWindows windows, Sandbox sandbox, TransactionTemplate transactions, ObjectMapper json,
            MeterRegistry meters) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.consent = consent;
        this.optOuts = optOuts;
        this.windows = windows;
        this.sandbox = sandbox;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    /** Reads a delivery message; an unreadable one is poison and is parked. */
    public DeliveryWork read(byte[] body) {
        try {
            DeliveryWork work = json.readValue(body, DeliveryWork.class);
            if (work.notificationId() == null || work.channel() == null || work.address() == null) {
                throw new PermanentFailure("delivery message without notification, channel or address");
            }
            return work;
        } catch (IOException e) {
            throw new PermanentFailure("delivery message is not readable: " + e.getMessage(), e);
        }
    }

    /**
     * Starts an attempt, or returns null when this message is stale or its work is done (acknowledge it). The
     * delivery message is published inside the transaction that created or dispatched the notification, so it can
     * arrive first: the creation lock and the row lock make this wait for that commit instead of taking the message
     * for stale.
     */
    public DeliveryAttempt begin(DeliveryWork work) {
        return transactions.execute(tx -> {
            store.holdCreationLock(work.notificationId());
            Notification notification = store.lock(work.notificationId())
                    .orElseThrow(() -> new PermanentFailure("no notification " + work.notificationId()));
            if (notification.dispatchSeq() != work.dispatchSeq()
                    || !(NotificationStatus.QUEUED.equals(notification.status())
                            || NotificationStatus.SENDING.equals(notification.status()))) {
                log.info("Delivery message {} is stale or done; acknowledged without sending", work.messageId());
                return null;
            }
            Optional<Suppression> stop = consent.find(work.channel(), work.address(), work.category());
            if (stop.isPresent()) {
                // consent changed while the message waited in a queue or a retry tier: the check runs again here,
                // right before the provider, and the channel loop moves on (or blocks) as if dispatching afresh
                store.timeline(notification.id(), NotificationStatus.QUEUED, work.channel() + ": "
                        + stop.get().kind() + " since queued (" + stop.get().source() + "); not sent");
                dispatcher.dispatch(notification, work.channelIndex(), null);
                return null;
            }
            boolean repeat = NotificationStatus.SENDING.equals(notification.status());
            store.sending(notification.id());
            int number = notification.attempts() + 1;
            boolean sandboxed = sandbox.isSandboxed(work.channel());
            store.timeline(notification.id(), NotificationStatus.SENDING, (repeat
                    ? "the previous attempt's outcome is unknown; sending again: "
                    : "")
                    + "attempt " + number + " via " + work.provider() + (sandboxed ? " (sandbox)" : ""));
            return new DeliveryAttempt(number, sandboxed, repeat);
        });
    }

    /** The provider took the message. */
    public void sent(DeliveryWork work, String providerMessageId) {
        record(work, providerMessageId, false);
    }

    /** Sandbox: recorded as sent, nothing left the hub. */
    public void sentInSandbox(DeliveryWork work) {
        record(work, "sandbox-" + work.messageId(), true);
    }

    private void record(DeliveryWork work, String providerMessageId, boolean sandboxed) {
        transactions.executeWithoutResult(tx -> {
            store.sent(work.notificationId(), providerMessageId, sandboxed);
            store.timeline(work.notificationId(), NotificationStatus.SENT, (sandboxed ? "sandbox: " : "")
                    + work.channel() + " accepted by " + work.provider() + " as " + providerMessageId);
        });
        meters.counter("hub.delivery.sent", "channel", work.channel(), "provider", work.provider(), "sandbox",
                Boolean.toString(sandboxed)).increment();
    }

    /** A provider call threw. */
    public void failed(DeliveryWork work, Throwable thrown) {
        failed(work, ProviderFailures.from(work.provider(), thrown));
    }

    /**
     * A provider attempt failed: retry (throws {@link TransientDeliveryException} for the retry tiers), or suppress
     * and move on to the next channel, or use the approved WhatsApp template.
     */
    public void failed(DeliveryWork work, ProviderFailure failure) {
        Outcome outcome = ProviderErrors.classify(failure);
        meters.counter("hub.delivery.failed", "channel", work.channel(), "provider", work.provider(), "outcome",
                outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
        if (outcome == Outcome.TRANSIENT) {
            transactions.executeWithoutResult(tx -> {
                store.retrying(work.notificationId(), failure.code(), failure.message());
                store.timeline(work.notificationId(), NotificationStatus.QUEUED, "attempt failed, will retry: "
                        + failure.describe());
            });
            throw new TransientDeliveryException(failure.describe());
        }
        transactions.executeWithoutResult(tx -> {
            Notification notification = store.lock(work.notificationId()).orElse(null);
            if (notification == null || notification.dispatchSeq() != work.dispatchSeq()
                    || notification.terminal()) {
                return;
            }
            optOuts.record(work.channel(), work.address(), work.notificationId(), failure);
            store.error(notification.id(), failure.code(), failure.message());
            if (outcome == Outcome.WINDOW_CLOSED && DeliveryWork.TEXT.equals(work.mode())) {
                windows.close(work.address());
                store.timeline(notification.id(), NotificationStatus.QUEUED, "whatsapp: outside the 24-hour window ("
                        + failure.describe() + "); trying the approved template");
                dispatcher.dispatch(store.lock(notification.id()).orElseThrow(), work.channelIndex(), failure);
                return;
            }
            store.timeline(notification.id(), NotificationStatus.QUEUED, work.channel() + " failed for good: "
                    + failure.describe());
            dispatcher.dispatch(notification, work.channelIndex() + 1, failure);
        });
    }
}
