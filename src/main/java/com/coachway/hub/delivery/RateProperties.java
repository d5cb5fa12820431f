package com.coachway.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provider rate limits under {@code hub.rate}, in messages per second for the whole cluster.
 *
 * @param sms Twilio SMS
 * @param whatsapp WhatsApp (Twilio or Meta)
 * @param email SMTP
 */
@ConfigurationProperties("hub.rate")
record RateProperties(@DefaultValue("1") double sms, @DefaultValue("20") double whatsapp,
        @DefaultValue("25") double email) {

    public RateProperties {
        if (sms <= 0 || whatsapp <= 0 || email <= 0) {
            throw new IllegalArgumentException("hub.rate.* must be positive messages per second");
        }
    }

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
