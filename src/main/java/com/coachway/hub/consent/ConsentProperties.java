package com.coachway.hub.consent;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * Consent settings under {@code hub.consent}.
 *
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code
 * @param helpText the answer to HELP / INFO
 * @param optOutText the answer to an opt-out Twilio does not confirm itself (a phrase, "Stop please", or WhatsApp), and
 *        to any that comes through Meta
 * @param marketingStopPhrases what a person sends to stop marketing messages only: the words of a WhatsApp template's
 *        marketing opt-out quick-reply button (Meta's is "Stop promotions"), in each language the templates use; a
 *        message that is exactly one of them (case, spacing and punctuation around aside) opts its sender out of
 *        marketing on that channel and is not forwarded as a reply
 * @param marketingStopText the answer to a marketing stop phrase: promotions have stopped, trip messages have not
 */
@Validated
@ConfigurationProperties("hub.consent")
public record ConsentProperties(@DefaultValue("US") String defaultRegion,
        @DefaultValue("CoachWay Charters: trip updates and reminders. Msg&data rates may apply. Reply STOP to opt out. "
                + "Help: +1 800 555 0100 or help@coachway.example") String helpText,
        @DefaultValue("CoachWay Charters: you are unsubscribed and will get no more messages from us here. "
                + "Reply START to resubscribe.") String optOutText,
        @DefaultValue("Stop promotions") List<@NotBlank(message = "must not hold a blank phrase") String> marketingStopPhrases,
        @DefaultValue("CoachWay Charters: you will get no more offers from us here. Updates about your trips go on. "
                + "Reply START to get offers again.") String marketingStopText) {
}
