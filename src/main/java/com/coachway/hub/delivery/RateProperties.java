package com.coachway.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Positive;

/**
 * Provider rate limits under {@code hub.rate}, in messages per second for the whole cluster.
 *
 * @param sms Twilio SMS
 * @param whatsapp WhatsApp (Twilio or Meta)
 * @param email SMTP
 */
@Validated
@ConfigurationProperties("hub.rate")
record RateProperties(@DefaultValue("1") @Positive(message = PER_SECOND) double sms,
        @DefaultValue("20") @Positive(message = PER_SECOND) double whatsapp,
        @DefaultValue("25") @Positive(message = PER_SECOND) double email) {

    private static final String PER_SECOND = "must be more than 0 messages per second";

    /** Messages per second allowed on a channel. */
    public double of(String channel) {
        return switch (channel) {
            case "sms" -> sms;
            case "whatsapp" -> whatsapp;
            case "email" -> email;
            default -> throw new IllegalArgumentException("unknown channel " + channel);
        };
    }
}
