package com.coachway.hub.messaging;

/** A failure a provider gave a code to (Twilio {@code 30003}, Meta {@code 131047}, {@code HTTP 503}): ops see it. */
public interface ProviderCoded {

    /** The provider's code, or null when it gave none. */
    String providerCode();
}
