package com.coachway.hub.providers;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.PositiveDuration;

/**
 * Twilio under {@code hub.twilio}. Without an account SID and auth token the hub runs Twilio in sandbox mode:
 * messages are recorded as sent (with {@code sandbox: true}) and never leave.
 *
 * @param accountSid account SID ({@code AC…})
 * @param authToken auth token (also signs the webhooks)
 * @param smsFrom SMS sender number in E.164
 * @param whatsappFrom WhatsApp sender number in E.164; written as Twilio's console shows it ({@code whatsapp:+1…}) too
 * @param baseUrl API base; point tests and staging at a fake
 * @param connectTimeout connect timeout of one request
 * @param readTimeout response timeout of one request
 */
@Validated
@ConfigurationProperties("hub.twilio")
public record TwilioProperties(String accountSid, String authToken, String smsFrom, String whatsappFrom,
        @DefaultValue("https://api.twilio.com") URI baseUrl,
        @DefaultValue("PT5S") @PositiveDuration Duration connectTimeout,
        @DefaultValue("PT10S") @PositiveDuration Duration readTimeout) {

    private static final String WHATSAPP = "whatsapp:";

    public TwilioProperties {
        smsFrom = smsFrom == null ? null : smsFrom.strip();
        whatsappFrom = whatsappFrom == null ? null : whatsappFrom.strip();
        // the hub adds the channel prefix to every From; given twice, Twilio would refuse every WhatsApp message
        if (whatsappFrom != null && whatsappFrom.regionMatches(true, 0, WHATSAPP, 0, WHATSAPP.length())) {
            whatsappFrom = whatsappFrom.substring(WHATSAPP.length());
        }
    }

    public boolean sandbox() {
        return accountSid == null || accountSid.isBlank() || authToken == null || authToken.isBlank();
    }

    @Override
    public String toString() {
        // settings get logged; the auth token never is
        return "TwilioProperties[" + accountSid + " at " + baseUrl + ", sms from " + smsFrom + "]";
    }
}
