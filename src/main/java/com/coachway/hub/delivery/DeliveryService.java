package com.coachway.hub.delivery;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.consent.Suppression;
import com.coachway.hub.consent.WhatsAppWindows;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The deliver step around the provider call: {@link #begin} marks the attempt (and drops stale or repeated
 * messages), {@link #sent} records the provider's id, {@link #failed} classifies the error and retries, moves to the
 * next channel, or suppresses. Each runs in its own short transaction: the provider call itself is outside any.
 *
 * <p>An attempt whose outcome is unknown (no answer in time, or the hub stopped after the provider took the message
 * and before {@link #sent} committed) leaves the notification {@code sending}. Before anything is sent again,
 * {@link #confirm} asks the provider where it can ({@link ProviderLookup}: Twilio): a message it took is recorded as
 * sent, not sent twice. SMTP is sent again under the same Message-ID, which mailboxes take as the same message.
 * Any other provider cannot be asked, so the notification is parked with reason {@code outcome_unknown} for ops
 * to decide.
 */
@Component
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    /** The reason a notification is parked with when a provider that cannot be asked may or may not have it. */
    static final String OUTCOME_UNKNOWN = "outcome_unknown";
    private static final String EMAIL = "email";

    private final NotificationStore store;
    private final ChannelDispatcher dispatcher;
    private final ProviderOptOuts optOuts;
    private final WhatsAppWindows windows;
    private final LateFailures lateFailures;
    private final Sandbox sandbox;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, ProviderLookup> lookups;

    public DeliveryService(NotificationStore store, ChannelDispatcher dispatcher, ProviderOptOuts optOuts,
            WhatsAppWindows windows, LateFailures lateFailures, Sandbox sandbox, TransactionTemplate transactions,
            ObjectMapper json, MeterRegistry meters, List<ProviderLookup> lookups) {
        this.lookups = lookups.stream().collect(Collectors.toMap(ProviderLookup::provider, lookup -> lookup));
        this.store = store;
        this.dispatcher = dispatcher;
        this.optOuts = optOuts;
        this.windows = windows;
        this.lateFailures = lateFailures;
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
     * for stale. A repeat of an attempt whose outcome is unknown is {@link #confirm confirmed} with the provider first.
     */
    public DeliveryAttempt begin(DeliveryWork work) {
        return confirm(work, start(work));
    }

    private DeliveryAttempt start(DeliveryWork work) {
        return transactions.execute(tx -> {
            store.holdCreationLock(work.notificationId());
            Optional<Notification> found = store.lock(work.notificationId());
            if (found.isEmpty()) {
                // the creation lock is ours, so the transaction that published this message is over: it rolled back
                // (the hub stopped before its commit), and the work it handed over was never accepted
                log.info("Delivery message {} names notification {}, which was never committed; acknowledged",
                        work.messageId(), work.notificationId());
                meters.counter("hub.delivery.orphans").increment();
                return null;
            }
            Notification notification = found.get();
            if (notification.dispatchSeq() != work.dispatchSeq()
                    || !(notification.status() == NotificationStatus.QUEUED
                            || notification.status() == NotificationStatus.SENDING)) {
                log.info("Delivery message {} is stale or done; acknowledged without sending", work.messageId());
                return null;
            }
            Optional<Suppression> stop = dispatcher.consentStop(notification, work.channel(), work.address(),
                    work.category());
            if (stop.isPresent()) {
                // consent changed while the message waited in a queue or a retry tier: the check runs again here,
                // right before the provider, and the channel loop moves on (or blocks) as if dispatching afresh
                store.timeline(notification.id(), NotificationStatus.QUEUED, work.channel() + ": "
                        + stop.get().kind() + " since queued (" + stop.get().source() + "); not sent");
                dispatcher.dispatch(notification, work.channelIndex(), null);
                return null;
            }
            Optional<Instant> quiet = notification.status() == NotificationStatus.QUEUED
                    ? notification.quietUntil(Instant.now())
                    : Optional.empty();
            if (quiet.isPresent()) {
                // a backlog, a retry or a late fallback reached into the quiet hours routing had planned around
                ZoneId zone = notification.quietZone();
                meters.counter("hub.delivery.quiet_waits", "channel", work.channel()).increment();
                store.waitUntil(notification.id(), quiet.get(), work.channel() + ": quiet hours ("
                        + notification.quietHours() + ", " + zone.getId() + "); waits until "
                        + quiet.get().atZone(zone).toLocalTime() + " there (" + quiet.get() + ")");
                return null;
            }
            boolean repeat = notification.status() == NotificationStatus.SENDING;
            Instant unknownSince = !repeat
                    ? null
                    : notification.attemptStartedAt() != null
                            ? notification.attemptStartedAt()
                            : notification.updatedAt();
            int number = notification.attempts() + 1;
            boolean sandboxed = sandbox.isSandboxed(work.channel());
            store.sending(notification.id(), (repeat
                    ? "the previous attempt's outcome is unknown: "
                    : "")
                    + "attempt " + number + " via " + work.provider() + (sandboxed ? " (sandbox)" : ""));
            return new DeliveryAttempt(number, sandboxed, repeat, unknownSince);
        });
    }

    /**
     * Before a repeat of an attempt whose outcome is unknown: returns the attempt to go ahead, or null when the
     * provider turns out to have taken the message (recorded as sent). Throws {@link TransientDeliveryException}
     * when the provider cannot be asked now (the notification stays {@code sending} and the retry tiers try again),
     * and {@link PermanentFailure} {@code outcome_unknown} where the provider can never be asked.
     */
    DeliveryAttempt confirm(DeliveryWork work, DeliveryAttempt attempt) {
        if (attempt == null || !attempt.repeat() || attempt.sandbox()) {
            return attempt;
        }
        ProviderLookup lookup = lookups.get(work.provider());
        if (lookup == null) {
            if (EMAIL.equals(work.channel())) {
                timeline(work, "smtp cannot be asked; sent again under the same Message-ID, which mailboxes treat as"
                        + " one message");
                return attempt;
            }
            throw new PermanentFailure(OUTCOME_UNKNOWN + ": the attempt via " + work.provider() + " that began at "
                    + attempt.unknownSince() + " ended without an answer, and " + work.provider()
                    + " cannot be asked whether it took the message; not sent again blindly (replay to send it)");
        }
        Optional<String> taken;
        try {
            taken = lookup.find(work, attempt.unknownSince());
        } catch (RuntimeException e) {
            timeline(work, "cannot ask " + work.provider() + " whether it took the previous attempt ("
                    + ProviderFailures.from(work.provider(), e).describe() + "); will ask again");
            throw new TransientDeliveryException("cannot ask " + work.provider() + " about the previous attempt: "
                    + e.getMessage());
        }
        if (takenAtProvider(work, taken, id -> work.provider() + " had taken the previous attempt as " + id
                + " (its answer was lost); not sent again")) {
            return null;
        }
        timeline(work, work.provider() + " has no such message since " + attempt.unknownSince() + "; sending again");
        return attempt;
    }

    /**
     * What a provider check found: a message the provider took is recorded as sent, with the timeline line
     * {@code found} gives for its id, and true is returned; nothing is recorded otherwise.
     */
    private boolean takenAtProvider(DeliveryWork work, Optional<String> taken, Function<String, String> found) {
        meters.counter("hub.delivery.confirmed", "provider", work.provider(), "found",
                Boolean.toString(taken.isPresent())).increment();
        taken.ifPresent(id -> record(work, id, false, found.apply(id)));
        return taken.isPresent();
    }

    private void timeline(DeliveryWork work, String detail) {
        transactions.executeWithoutResult(tx -> store.timeline(work.notificationId(), NotificationStatus.SENDING,
                detail));
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
        record(work, providerMessageId, sandboxed, (sandboxed ? "sandbox: " : "") + work.channel() + " accepted by "
                + work.provider() + " as " + providerMessageId);
    }

    private void record(DeliveryWork work, String providerMessageId, boolean sandboxed, String detail) {
        store.sent(work.notificationId(), providerMessageId, sandboxed, detail);
        meters.counter("hub.delivery.sent", "channel", work.channel(), "provider", work.provider(), "sandbox",
                Boolean.toString(sandboxed)).increment();
    }

    /**
     * No answer (too slow, or the connection broke first): the provider may have taken the message. Where it can be
     * asked it is asked at once (it usually has the message by now); otherwise, or when it has none yet, the
     * notification stays {@code sending} and the retry tiers bring it back to {@link #confirm}, which asks again
     * before anything is sent.
     */
    private void afterNoAnswer(DeliveryWork work, ProviderFailure failure) {
        ProviderLookup lookup = lookups.get(work.provider());
        if (lookup != null) {
            Instant since = store.find(work.notificationId()).map(Notification::attemptStartedAt)
                    .orElse(null);
            try {
                Optional<String> taken = since == null ? Optional.empty() : lookup.find(work, since);
                if (takenAtProvider(work, taken, id -> "no answer from " + work.provider() + ", but it had"
                        + " taken the message as " + id + "; not sent again")) {
                    return;
                }
            } catch (RuntimeException e) {
                log.info("Cannot ask {} about notification {} yet: {}", work.provider(), work.notificationId(),
                        e.toString());
            }
        }
        transactions.executeWithoutResult(tx -> {
            store.outcomeUnknown(work.notificationId(), failure.code(), failure.message());
            store.timeline(work.notificationId(), NotificationStatus.SENDING, "no answer ("
                    + failure.describe() + "): the outcome is unknown; " + work.provider()
                    + " is asked before anything is sent again");
        });
        throw new TransientDeliveryException(failure);
    }

    /** A provider call threw. */
    public void failed(DeliveryWork work, Throwable thrown) {
        if (thrown instanceof TransientDeliveryException recorded) {
            // the provider's answer was read and its failure recorded (MetaRequests.answer): reading it again as a
            // failure of its own would say the attempt failed twice and lose the provider's error code
            throw recorded;
        }
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
        if (failure.kind() == ProviderFailure.Kind.TIMEOUT
                || failure.kind() == ProviderFailure.Kind.BROKEN && lookups.containsKey(work.provider())) {
            // a broken connection leaves the outcome as open as a timeout does; where the provider cannot be asked it
            // is retried instead, as a break before the request went (a reset in the TLS handshake) would otherwise
            // park a message that never left
            afterNoAnswer(work, failure);
            return;
        }
        if (outcome == Outcome.TRANSIENT) {
            transactions.executeWithoutResult(tx -> {
                store.retrying(work.notificationId(), failure.code(), failure.message());
                // the retry tiers decide what comes next, and NotificationRetries says it
                store.timeline(work.notificationId(), NotificationStatus.QUEUED, "attempt failed: "
                        + failure.describe());
            });
            throw new TransientDeliveryException(failure);
        }
        transactions.executeWithoutResult(tx -> {
            Notification notification = store.lock(work.notificationId()).orElse(null);
            if (notification == null || notification.dispatchSeq() != work.dispatchSeq()
                    || notification.terminal()) {
                return;
            }
            optOuts.record(work.channel(), work.address(), work.notificationId(), failure);
            if (outcome == Outcome.WINDOW_CLOSED && DeliveryWork.TEXT.equals(work.mode())) {
                windows.close(work.address());
                lateFailures.moveOn(notification, work.channelIndex(), failure, NotificationStatus.FAILED, false,
                        "whatsapp: outside the 24-hour window (" + failure.describe() + "); trying the approved "
                                + "template");
                return;
            }
            NotificationStatus ended = ProviderErrors.ended(failure);
            lateFailures.moveOn(notification, work.channelIndex() + 1, failure, ended, false,
                    work.channel() + (ended == NotificationStatus.BOUNCED ? " bounced: " : " failed for good: ")
                            + failure.describe());
        });
    }
}
