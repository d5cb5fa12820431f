package com.coachway.hub.consent;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;

/**
 * What an inbound SMS or WhatsApp message does, whichever provider brought it: keywords change consent on their
 * channel (STOP-type for every category), any WhatsApp message opens the 24-hour window, every message is kept, and
 * one that is not a keyword is announced as a {@link ReplyReceived}, in the same transaction, for someone to read;
 * HELP, INFO and an opt-out as an {@link AnswerOwed}, for the help text or a confirmation. A marketing stop phrase
 * ("Stop promotions") opts out of marketing only, announced as {@link MarketingStopped}. Each message is kept with
 * the message of ours it answers, and so is a change of consent it makes.
 */
@Component
public class InboundService {

    private static final Logger log = LoggerFactory.getLogger(InboundService.class);
    private static final List<String> PHONE_CHANNELS = List.of(Channel.SMS.wire(), Channel.WHATSAPP.wire());

    private final ConsentStore consent;
    private final InboundMessages messages;
    private final WhatsAppWindows windows;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final List<String> marketingStops;

    public InboundService(ConsentStore consent, InboundMessages messages, WhatsAppWindows windows,
            TransactionTemplate transactions, ApplicationEventPublisher events, ConsentProperties properties) {
        this.consent = consent;
        this.messages = messages;
        this.windows = windows;
        this.transactions = transactions;
        this.events = events;
        this.marketingStops = properties.marketingStopPhrases();
    }

    /**
     * One inbound message as a provider brought it.
     *
     * @param channel sms or whatsapp
     * @param phone the sender in E.164
     * @param provider twilio or meta
     * @param providerMessageId the provider's id (a retry of the same message is handled once)
     * @param body the text
     * @param at when the person sent it, as the provider says; null when it does not (Twilio): now
     * @param quoted the provider's id of our message the person replied to by quoting it (WhatsApp), or null
     * @param matched the keyword the provider matched the message to (Twilio's {@code OptOutType}: STOP, START or
     *            HELP), or null; it outranks the hub's reading of the body, as the provider may know keywords the hub
     *            does not (a Messaging Service's own, in another language)
     * @param profileName the name the sender gave themselves on WhatsApp (Twilio's {@code ProfileName}, Meta's
     *            contact profile), or null: their own word for it, never checked
     */
    public record Received(String channel, String phone, String provider, String providerMessageId, String body,
            Instant at, String quoted, String matched, String profileName) {
    }

    /** Handles one inbound message and says what it asked for. */
    public Keywords.Intent handle(Received message) {
        String channel = message.channel();
        String phone = message.phone();
        String provider = message.provider();
        String body = message.body();
        Instant at = message.at();
        String matched = message.matched();
        boolean providerMatched = Keywords.names(matched);
        String keyword = providerMatched ? matched.strip().toUpperCase(Locale.ROOT) : Keywords.keyword(body);
        Keywords.Intent intent = keyword == null ? Keywords.Intent.NONE : Keywords.of(keyword);
        String said = providerMatched
                ? "replied " + quoted(body) + " (" + provider + ": " + keyword + ")"
                : "replied " + keyword;
        String source = "whatsapp".equals(channel) ? "whatsapp" : "sms_keyword";
        boolean stopsMarketing = intent == Keywords.Intent.NONE && stopsMarketing(body);
        // a change of consent acts on its own channel, so it answers our last message there (and a variant or a
        // campaign counts the stop); a question or HELP may answer either: people answer WhatsApp by SMS too
        boolean changesConsent = intent == Keywords.Intent.OPT_OUT || intent == Keywords.Intent.OPT_IN
                || stopsMarketing;
        List<String> answering = changesConsent ? List.of(channel) : PHONE_CHANNELS;
        transactions.executeWithoutResult(tx -> {
            String answered = messages.answered(phone, message.quoted(), answering).orElse(null);
            Optional<Long> kept = messages.record(message, keyword, answered);
            if ("whatsapp".equals(channel)) {
                windows.recordInbound(phone, at == null ? Instant.now() : at);
            }
            if (kept.isEmpty()) {
                return;
            }
            switch (intent) {
                case OPT_OUT -> {
                    consent.optOut(ConsentChange.optOut(channel, phone, null, said, source, provider).at(at)
                            .about(answered));
                    events.publishEvent(new AnswerOwed(kept.get(), channel, phone, provider, intent));
                }
                case OPT_IN -> consent.optIn(channel, phone, null, false, source, provider, at);
                case HELP -> events.publishEvent(new AnswerOwed(kept.get(), channel, phone, provider, intent));
                case NONE -> {
                    if (stopsMarketing) {
                        // a marketing template's opt-out button: promotions stop, trip messages go on
                        consent.optOut(ConsentChange.optOut(channel, phone, Category.MARKETING.wire(),
                                "replied " + quoted(body), source, provider).at(at).about(answered));
                        events.publishEvent(new MarketingStopped(kept.get(), channel, phone, provider));
                        log.info("Marketing stopped on {} by {}", channel, Masking.address(phone));
                    } else if (body != null && !body.isBlank()) {
                        events.publishEvent(new ReplyReceived(kept.get(), channel, phone, answered));
                    }
                }
            }
        });
        if (intent == Keywords.Intent.OPT_OUT || intent == Keywords.Intent.OPT_IN) {
            log.info("{} {} on {} from {}", intent, keyword, channel, Masking.address(phone));
        }
        return intent;
    }

    /**
     * Meta's word that the reader stopped (or resumed) marketing messages in WhatsApp itself, from a template's menu:
     * a stop is recorded against the last WhatsApp message we sent them, as a STOP texted back is.
     */
    public void marketingPreference(String phone, boolean stop, Instant at) {
        String whatsapp = Channel.WHATSAPP.wire();
        String marketing = Category.MARKETING.wire();
        transactions.executeWithoutResult(tx -> {
            if (stop) {
                consent.optOut(ConsentChange.optOut(whatsapp, phone, marketing,
                        "stopped marketing messages in WhatsApp", whatsapp, "meta").at(at)
                        .about(messages.answered(phone, null, List.of(whatsapp)).orElse(null)));
            } else {
                consent.optIn(whatsapp, phone, marketing, false, whatsapp, "meta", at);
            }
        });
    }

    /** Whether a message that is no keyword is one of {@code hub.consent.marketing-stop-phrases}. */
    boolean stopsMarketing(String body) {
        return Keywords.isOneOf(body, marketingStops);
    }

    // the person's words in a reason: short, on one line
    private static String quoted(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return "\"" + (line.length() <= 40 ? line : line.substring(0, 40) + "…") + "\"";
    }

    /**
     * Keeps a message from a sender that is not a phone number (a short code, an alphanumeric sender id, garbage),
     * so ops can see it. Consent is keyed by phone number, so its keywords change nothing.
     */
    public void keepUnreadable(String channel, String sender, String provider, String providerMessageId,
            String body) {
        String readable = InboundMessages.oneLine(sender, 64);
        String shown = readable == null ? "(no sender)" : readable;
        messages.record(new Received(channel, shown, provider, providerMessageId, body, null, null, null, null), null,
                null);
    }
}
