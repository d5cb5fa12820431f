package com.coachway.hub.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consent settings under {@code hub.consent}.
 *
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code
 * @param helpText the answer to HELP / INFO
 * @param optOutText the answer to an opt-out Twilio does not confirm itself (a phrase, "Stop please", or WhatsApp), and
 *        to any that comes through Meta
 */
@ConfigurationProperties("hub.consent")
public record ConsentProperties(@DefaultValue("US") String defaultRegion,
        @DefaultValue("CoachWay Charters: trip updates and reminders. Msg&data rates may apply. Reply STOP to opt out. "
                + "Help: +1 800 555 0100 or help@coachway.example") String helpText,
        @DefaultValue("CoachWay Charters: you are unsubscribed and will get no more messages from us here. "
                + "Reply START to resubscribe.") String optOutText) {
}
