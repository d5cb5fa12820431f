package com.coachway.hub.delivery;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.ConsentChange;
import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.consent.Suppression;
import com.coachway.hub.consent.WhatsAppWindows;
import com.coachway.hub.vocabulary.Channel;

/**
 * What a provider's error says about the address, written to the consent store with its own source: Twilio 21610
 * and Meta 131050 are opt-outs ({@code provider_error}), an unknown mailbox is a hard bounce; and a number WhatsApp
 * cannot reach (Twilio 63003, Meta 131026) is noted, so the next message goes straight to the channel after WhatsApp.
 * Whether the error came back from the send call or later in a status callback.
 */
@Component
public class ProviderOptOuts {

    private final ConsentStore consent;
    private final WhatsAppWindows windows;

    ProviderOptOuts(ConsentStore consent, WhatsAppWindows windows) {
        this.consent = consent;
        this.windows = windows;
    }

    /** Records what the outcome says about the address, if anything; returns the outcome. */
    public Outcome record(String channel, String address, String notificationId, ProviderFailure failure) {
        Outcome outcome = ProviderErrors.classify(failure);
        if (Channel.WHATSAPP.wire().equals(channel) && ProviderErrors.notOnWhatsApp(failure)) {
            windows.unreachable(address, failure.provider(), failure.code());
        }
        switch (outcome) {
            case OPTED_OUT -> consent.optOut(ConsentChange.optOut(channel, address, null, failure.describe(),
                    "provider_error", failure.provider()).about(notificationId));
            case OPTED_OUT_MARKETING -> consent.optOut(ConsentChange.optOut(channel, address, "marketing",
                    failure.describe(), "provider_error", failure.provider()).about(notificationId));
            case HARD_BOUNCE -> consent.optOut(new ConsentChange(channel, address, null, Suppression.SUPPRESSED,
                    failure.describe(), "hard_bounce", failure.provider(), notificationId));
            default -> {
                // nothing to remember about the address
            }
        }
        return outcome;
    }
}
