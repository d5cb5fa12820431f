package com.coachway.hub.delivery;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import com.coachway.hub.providers.MetaProperties;
import com.coachway.hub.providers.TwilioProperties;

/**
 * Which channels run without a real provider. Twilio and Meta are sandboxed when their credentials are missing,
 * email when {@code hub.mail.sandbox=true}. Sandboxed messages are recorded as sent with {@code sandbox: true} and
 * never leave the hub; start-up says so loudly. Live Twilio without the sender of a channel it carries stops the
 * start.
 */
@Component
class Sandbox implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    private final TwilioProperties twilio;
    private final MetaProperties meta;
    private final WhatsAppProperties whatsapp;
    private final MailProperties mail;

    public Sandbox(TwilioProperties twilio, MetaProperties meta, WhatsAppProperties whatsapp, MailProperties mail) {
        this.twilio = twilio;
        this.meta = meta;
        this.whatsapp = whatsapp;
        this.mail = mail;
    }

    public boolean isSandboxed(String channel) {
        return switch (channel) {
            case "sms" -> twilio.sandbox();
            case "whatsapp" -> whatsapp.meta() ? meta.sandbox() : twilio.sandbox();
            case "email" -> mail.sandbox();
            default -> false;
        };
    }

    @Override
    public void afterPropertiesSet() {
        List<String> missing = new ArrayList<>();
        if (!twilio.sandbox() && blank(twilio.smsFrom())) {
            missing.add("hub.twilio.sms-from (the sender of every SMS)");
        }
        if (!twilio.sandbox() && !whatsapp.meta() && blank(twilio.whatsappFrom())) {
            missing.add("hub.twilio.whatsapp-from (the WhatsApp sender; or set hub.whatsapp.provider=meta)");
        }
        if (!missing.isEmpty()) {
            // Twilio refuses a message without a From (21603): every one would fail, after a 202
            throw new IllegalStateException("Twilio credentials are set, but not " + String.join(", nor ", missing));
        }
        for (String channel : RateLimiter.CHANNELS) {
            if (isSandboxed(channel)) {
                log.warn("""

                        ************************************************************************
                        *  SANDBOX MODE for {}: {}
                        *  messages are recorded as sent (sandbox: true) and reach NOBODY.
                        ************************************************************************""", channel,
                        reason(channel));
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private String reason(String channel) {
        return switch (channel) {
            case "sms" -> "hub.twilio.account-sid / auth-token are not set";
            case "whatsapp" -> whatsapp.meta()
                    ? "hub.meta.phone-number-id / access-token are not set"
                    : "hub.twilio.account-sid / auth-token are not set";
            default -> "hub.mail.sandbox is true";
        };
    }
}
