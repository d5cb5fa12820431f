package com.coachway.hub.delivery;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import com.coachway.hub.http.SiteProperties;
import com.coachway.hub.providers.MetaProperties;
import com.coachway.hub.providers.TwilioProperties;
import com.coachway.hub.providers.WhatsAppProperties;

/**
 * Which channels run without a real provider. Twilio and Meta are sandboxed when their credentials are missing,
 * email when {@code hub.mail.sandbox=true}. Sandboxed messages are recorded as sent with {@code sandbox: true} and
 * never leave the hub; start-up says so loudly. A live provider the hub could not use (Twilio without the sender of
 * a channel it carries, Meta without the secret of its webhooks) stops the start.
 */
@Component
class Sandbox implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    // Twilio's senders: a number, a short code, or up to 11 letters, digits and spaces with at least one letter
    private static final Pattern SMS_SENDER = Pattern
            .compile("\\+[1-9]\\d{6,14}|\\d{5,6}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

    private final TwilioProperties twilio;
    private final MetaProperties meta;
    private final WhatsAppProperties whatsapp;
    private final MailProperties mail;
    private final SiteProperties site;

    public Sandbox(TwilioProperties twilio, MetaProperties meta, WhatsAppProperties whatsapp, MailProperties mail,
            SiteProperties site) {
        this.twilio = twilio;
        this.meta = meta;
        this.whatsapp = whatsapp;
        this.mail = mail;
        this.site = site;
    }

    /**
     * Why Twilio would refuse every message from this sender, if it would: none is set ({@code role} says what it is
     * for), or it does not fit {@code pattern} ({@code wanted} says what would).
     */
    private static Optional<String> senderProblem(String key, String sender, String role, Pattern pattern,
            String wanted) {
        if (!StringUtils.hasText(sender)) {
            return Optional.of("Twilio credentials are set, but not " + key + " (" + role + ")");
        }
        return pattern.matcher(sender).matches()
                ? Optional.empty()
                : Optional.of(key + " '" + sender + "' is not " + wanted);
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
        List<String> problems = new ArrayList<>();
        if (!twilio.sandbox()) {
            // Twilio refuses a message without a From (21603), or from one it cannot send from (21212): every one
            // would fail, after a 202
            senderProblem("hub.twilio.sms-from", twilio.smsFrom(), "the sender of every SMS", SMS_SENDER,
                    "a number in E.164 (+15005550006), a short code or an alphanumeric sender ID")
                    .ifPresent(problems::add);
            if (!whatsapp.meta()) {
                senderProblem("hub.twilio.whatsapp-from", twilio.whatsappFrom(),
                        "the WhatsApp sender; or set hub.whatsapp.provider=meta", E164,
                        "a number in E.164 (+14155238886), as WhatsApp senders are phone numbers")
                        .ifPresent(problems::add);
            }
        }
        // every Meta webhook would be refused: no delivery status, and no WhatsApp opt-out, would ever be taken
        if (whatsapp.meta() && !meta.sandbox() && !StringUtils.hasText(meta.appSecret())) {
            problems.add("Meta credentials are set, but not hub.meta.app-secret (it verifies Meta's webhooks, which "
                    + "carry statuses and opt-outs)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Provider settings cannot work: " + String.join("; ", problems));
        }
        List<String> live = RateLimiter.CHANNELS.stream().filter(channel -> !isSandboxed(channel)).toList();
        if (!live.isEmpty() && onThisMachine(site.publicBaseUrl())) {
            // links in emails and the status callback URL Twilio is given would lead nowhere but here
            log.warn("""

                    ************************************************************************
                    *  hub.public-base-url is {}, while {} go out for real:
                    *  unsubscribe and tracking links and Twilio's status callbacks point at
                    *  this machine. Set it to the address the internet reaches the hub at.
                    ************************************************************************""",
                    site.publicBaseUrl(), String.join(", ", live));
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

    private static boolean onThisMachine(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return host.isEmpty() || host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("0.0.0.0");
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
