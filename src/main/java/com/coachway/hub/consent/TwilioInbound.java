package com.coachway.hub.consent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import com.coachway.hub.http.FormBodies;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.security.TwilioSignatures;

/**
 * {@code POST /webhooks/twilio/inbound}: an SMS or WhatsApp message to one of our numbers. The signature is checked
 * before anything else; keywords act on consent, HELP and INFO are answered with TwiML, and so is an opt-out Twilio
 * does not confirm itself (one asked for in a phrase, or any on WhatsApp); the rest is kept. A keyword Twilio's
 * Advanced Opt-Out matched ({@code OptOutType}) counts as what Twilio says, whatever its words, and is left for
 * Twilio's own answer.
 */
@Component
class TwilioInbound {

    static final String PATH = "/webhooks/twilio/inbound";
    private static final Logger log = LoggerFactory.getLogger(TwilioInbound.class);

    private final TwilioSignatures signatures;
    private final Addresses addresses;
    private final InboundService inbound;
    private final ConsentProperties properties;

    public TwilioInbound(TwilioSignatures signatures, Addresses addresses, InboundService inbound,
            ConsentProperties properties) {
        this.signatures = signatures;
        this.addresses = addresses;
        this.inbound = inbound;
        this.properties = properties;
    }

    public HttpReply receive(byte[] body, String signature, String query) {
        Map<String, List<String>> form = signatures.verifiedForm(PATH, body, query, signature, "inbound webhook");
        String from = FormBodies.first(form, "From");
        String channel = from != null && from.startsWith("whatsapp:") ? "whatsapp" : "sms";
        Optional<String> phone = addresses.phone(from);
        if (phone.isEmpty()) {
            inbound.keepUnreadable(channel, from, "twilio", FormBodies.first(form, "MessageSid"),
                    InboundBodies.twilio(form));
            log.warn("Twilio inbound message from a sender that is not a phone number: kept, no consent change");
            return twiml(null);
        }
        String text = InboundBodies.twilio(form);
        // Advanced Opt-Out names the keyword it matched (and answered itself), its own or in another language too
        String matched = FormBodies.first(form, "OptOutType");
        // ProfileName comes with WhatsApp only: the name the sender set in the app
        Keywords.Intent intent = inbound.handle(new InboundService.Received(channel, phone.get(), "twilio",
                FormBodies.first(form, "MessageSid"), text, null, FormBodies.first(form, "OriginalRepliedMessageSid"),
                matched, "whatsapp".equals(channel) ? FormBodies.first(form, "ProfileName") : null));
        if (Keywords.names(matched)) {
            return twiml(null);
        }
        if (intent == Keywords.Intent.HELP) {
            return twiml(properties.helpText());
        }
        if (intent == Keywords.Intent.NONE && inbound.stopsMarketing(text)) {
            return twiml(properties.marketingStopText());
        }
        // Twilio confirms a lone SMS STOP itself; a phrase, or anything on WhatsApp, it passes on untouched
        boolean twilioConfirmed = "sms".equals(channel) && !Keywords.inAPhrase(text);
        return twiml(intent == Keywords.Intent.OPT_OUT && !twilioConfirmed ? properties.optOutText() : null);
    }

    /** TwiML: an empty response, or one message back. */
    static HttpReply twiml(String message) {
        String xml = message == null
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + HtmlUtils.htmlEscape(message)
                        + "</Message></Response>";
        return new HttpReply(200, "text/xml", xml, null);
    }
}
