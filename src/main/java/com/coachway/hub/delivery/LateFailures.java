package com.coachway.hub.delivery;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.WhatsAppWindows;
import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * A provider's later report that a message it had taken never arrived (Twilio {@code undelivered} or {@code failed},
 * Meta {@code failed}, a bounce in the bounce mailbox) moves the notification on as a refusal at send time does:
 * WhatsApp free text outside the 24-hour window is sent again as the approved template, and anything else goes to
 * the next channel in fallback order. Most WhatsApp failures (not on WhatsApp, window closed) only ever arrive this
 * way. On its last channel the notification takes the reported status and code. Call inside a transaction, with the
 * notification locked; the hand-over publishes, so a broker outage fails the transaction and the report is applied
 * again later.
 */
@Component
public class LateFailures {

    private final NotificationStore store;
    private final NotificationOutcomes outcomes;
    private final ChannelDispatcher dispatcher;
    private final WhatsAppWindows windows;
    private final ProviderOptOuts optOuts;

    LateFailures(NotificationStore store, NotificationOutcomes outcomes, ChannelDispatcher dispatcher,
            WhatsAppWindows windows, ProviderOptOuts optOuts) {
        this.store = store;
        this.outcomes = outcomes;
        this.dispatcher = dispatcher;
        this.windows = windows;
        this.optOuts = optOuts;
    }

    /**
     * Applies a provider's failure report; false when it changes nothing (the notification already got further). A
     * code that says the recipient opted out writes the suppression list either way, as at send time.
     *
     * @param status {@code failed} or {@code undelivered}
     * @param detail the report as the timeline shows it ("twilio reports undelivered (63003: …)")
     */
    public boolean reported(Notification notification, NotificationStatus status, ProviderFailure failure,
            String detail) {
        if (failure.code() != null && notification.channel() != null) {
            optOuts.record(notification.channel(), notification.address(), notification.id(), failure);
        }
        return undelivered(notification, status, failure, detail);
    }

    /**
     * As {@link #reported}, for a failure whose meaning for the address the caller has recorded itself (a bounce,
     * whose mailbox knows better than a reply code whether to suppress).
     *
     * @param status the status the notification ends in on its last channel ({@code bounced}, say)
     */
    public boolean undelivered(Notification notification, NotificationStatus status, ProviderFailure failure,
            String detail) {
        if (!notification.status().isForward(status)) {
            return false;
        }
        int index = notification.channelIndex() == null ? 0 : notification.channelIndex();
        if (ProviderErrors.classify(failure) == Outcome.WINDOW_CLOSED && sentAsFreeText(notification)) {
            windows.close(notification.address());
            moveOn(notification, index, failure, status, true, detail + "; whatsapp: outside the 24-hour window, "
                    + "trying the approved template");
            return true;
        }
        if (index + 1 < notification.channels().size()) {
            moveOn(notification, index + 1, failure, status, true, notification.channel() + " not delivered: "
                    + detail + "; trying the next channel");
            return true;
        }
        return outcomes.advance(notification, status, failure.code(), failure.message(), detail);
    }

    private boolean sentAsFreeText(Notification notification) {
        return "whatsapp".equals(notification.channel())
                && store.content(notification.id()).map(said -> said.providerTemplate() == null).orElse(false);
    }

    /**
     * Hands a notification a provider failed on to the first usable channel from {@code fromIndex} (the same index:
     * the approved WhatsApp template), with the error and the failed attempt kept and {@code detail} on the timeline;
     * shared with the refusal at send time ({@link DeliveryService#failed(DeliveryWork, ProviderFailure)}).
     *
     * @param outcome how the attempt on the channel it leaves ended
     * @param providerTookIt whether the provider had taken that message (a later report)
     */
    void moveOn(Notification notification, int fromIndex, ProviderFailure failure, NotificationStatus outcome,
            boolean providerTookIt, String detail) {
        store.leftChannel(notification.id(), notification.channel(), outcome, providerTookIt, failure.code(),
                failure.message());
        store.timeline(notification.id(), NotificationStatus.QUEUED, detail);
        dispatcher.dispatch(notification, fromIndex, failure);
    }
}
