package com.coachway.hub.tracking;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.consent.InboundBodies;
import com.coachway.hub.consent.InboundService;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.MetaSignatures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET/POST /webhooks/whatsapp}: Meta's subscription handshake, and the notifications Meta posts: message
 * statuses (recorded for {@link CallbackApplier}), inbound messages, WhatsApp's system notices and
 * {@code user_preferences} (consent). The signature over the raw body is checked before the body is even parsed.
 */
@Component
class MetaWebhook {

    private static final Logger log = LoggerFactory.getLogger(MetaWebhook.class);

    private final MetaSignatures signatures;
    private final Addresses addresses;
    private final InboundService inbound;
    private final ConsentStore consent;
    private final CallbackInbox callbacks;
    private final ProblemReplies replies;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    MetaWebhook(MetaSignatures signatures, Addresses addresses, InboundService inbound, ConsentStore consent,
            CallbackInbox callbacks, ProblemReplies replies, ObjectMapper json,
            MeterRegistry meters) {
        this.meters = meters;
        this.signatures = signatures;
        this.callbacks = callbacks;
        this.addresses = addresses;
        this.inbound = inbound;
        this.consent = consent;
        this.replies = replies;
        this.json = json;
    }

    /** The handshake: echo the challenge only for the right verify token. */
    public HttpReply verify(String mode, String token, String challenge) {
        if (!"subscribe".equals(mode) || !signatures.verifyTokenMatches(token) || challenge == null
                || !challenge.matches("[A-Za-z0-9_-]{1,128}")) {
            return replies.of(Problems.of(403, "bad-verify-token", "Forbidden", "The verification does not match"));
        }
        return new HttpReply(200, "text/plain", challenge, null);
    }

    /** A notification from Meta; 200 for anything signed, so Meta never retries what was handled. */
    public HttpReply receive(byte[] raw, String signature) {
        byte[] body = raw == null ? new byte[0] : raw;
        if (!signatures.valid(body, signature)) {
            // the body is not read before it verifies, so whose it claims to be is unknown
            meters.counter("hub.webhooks.refused", "provider", "meta", "account", "unknown").increment();
            log.warn("Refused a Meta webhook with a missing or wrong X-Hub-Signature-256");
            return replies.of(Problems.of(403, "bad-signature", "Forbidden", "X-Hub-Signature-256 does not verify"));
        }
        JsonNode root;
        try {
            root = body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return replies.of(Problems.of(400, "malformed-json", "Malformed JSON", "The notification is not JSON"));
        }
        if (root == null || root.isMissingNode()) {
            return replies.of(Problems.of(400, "malformed-json", "Malformed JSON", "The notification is empty"));
        }
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                switch (change.path("field").asText()) {
                    case "messages" -> {
                        value.path("statuses").forEach(this::status);
                        value.path("messages").forEach(message -> message(message, value.path("contacts")));
                    }
                    case "user_preferences" -> value.path("user_preferences").forEach(this::preference);
                    default -> log.debug("Ignoring Meta webhook field {}", change.path("field").asText());
                }
            }
        }
        return replies.json(200, new Received(true));
    }

    record Received(boolean received) {
    }

    /**
     * What Meta posts, as far as the hub reads it ({@link #receive} walks the tree): each change's {@code field}
     * ({@code messages}, {@code user_preferences}) says what its {@code value} holds.
     *
     * @param object always whatsapp_business_account
     * @param entry one per business account
     */
    @Schema(name = "MetaNotification")
    record Notification(String object, List<Entry> entry) {

        /** @param id the business account @param changes what changed */
        @Schema(name = "MetaEntry")
        record Entry(String id, List<Change> changes) {
        }

        /** @param field what kind of change @param value the change, as Meta documents it for that field */
        @Schema(name = "MetaChange")
        record Change(String field, JsonNode value) {
        }
    }

    // {"id": "wamid...", "status": "delivered", "timestamp": "...", "errors": [{"code": 131050, "title": "..."}]}
    private void status(JsonNode status) {
        String id = status.path("id").asText("");
        String word = status.path("status").asText("");
        if (id.isEmpty() || id.length() > CallbackInbox.MAX_ID || word.isEmpty()
                || word.length() > CallbackInbox.MAX_STATUS) {
            log.warn("Ignoring a Meta status without a usable id or status");
            return;
        }
        JsonNode error = status.path("errors").path(0);
        String code = error.path("code").isMissingNode() ? null : error.path("code").asText();
        String message = error.path("error_data").path("details").asText(error.path("title").asText(null));
        callbacks.record("meta", id, word, code == null || code.length() > CallbackInbox.MAX_CODE ? null : code,
                message, instant(status.path("timestamp").asText(null)));
    }

    // contacts: [{"profile": {"name": "Hugo Silva"}, "wa_id": "16175550199"}], one per sender of the messages
    private void message(JsonNode message, JsonNode contacts) {
        if ("system".equals(message.path("type").asText())) {
            system(message);
            return;
        }
        Optional<String> phone = phone(message.path("from").asText(null));
        String body = InboundBodies.meta(message);
        if (phone.isEmpty()) {
            inbound.keepUnreadable("whatsapp", message.path("from").asText(null), "meta",
                    message.path("id").asText(null), body);
            return;
        }
        inbound.handle(new InboundService.Received("whatsapp", phone.get(), "meta", message.path("id").asText(null),
                body, said(message.path("timestamp").asText(null)), message.path("context").path("id").asText(null),
                null, profileName(contacts, message.path("from").asText())));
    }

    // the name the sender set in WhatsApp: the contact with their wa_id, or the only one there is
    private static String profileName(JsonNode contacts, String from) {
        for (JsonNode contact : contacts) {
            if (contacts.size() == 1 || from.equals(contact.path("wa_id").asText())) {
                return contact.path("profile").path("name").asText(null);
            }
        }
        return null;
    }

    /**
     * WhatsApp's own notice about a user, not words of theirs, so never a reply for customer care: a changed number
     * takes the person's opt-outs along (they asked not to be texted, whatever their number), and a marketing
     * preference changed is read as {@code user_preferences} is. Anything else needs nothing of the hub.
     */
    // {"from": "...", "type": "system", "system": {"type": "user_changed_number", "new_wa_id": "...", "body": "..."}}
    private void system(JsonNode message) {
        JsonNode system = message.path("system");
        String kind = system.path("type").asText("");
        Optional<String> phone = phone(message.path("from").asText(null));
        Instant at = said(message.path("timestamp").asText(null));
        switch (kind) {
            case "user_changed_number" -> {
                Optional<String> now = phone(system.path("new_wa_id").asText(null));
                if (phone.isPresent() && now.isPresent()) {
                    int carried = consent.carryOptOuts(phone.get(), now.get(), "whatsapp", "meta", at);
                    log.info("WhatsApp user {} changed number to {}: {} opt-out(s) carried over",
                            Masking.address(phone.get()), Masking.address(now.get()), carried);
                }
            }
            case "user_preference_changed" -> phone.ifPresent(
                    number -> marketingPreference(number, system.path("marketing").asText(), at));
            default -> log.info("Meta system message '{}' about {} needs nothing of the hub", kind,
                    phone.map(Masking::address).orElse("an unreadable number"));
        }
    }

    // {"wa_id": "...", "category": "marketing_messages", "value": "stop" | "resume"}
    private void preference(JsonNode preference) {
        Optional<String> phone = phone(preference.path("wa_id").asText(null));
        if (phone.isEmpty() || !"marketing_messages".equals(preference.path("category").asText())) {
            return;
        }
        marketingPreference(phone.get(), preference.path("value").asText(),
                said(preference.path("timestamp").asText(null)));
    }

    private void marketingPreference(String phone, String value, Instant at) {
        if ("stop".equals(value) || "resume".equals(value)) {
            inbound.marketingPreference(phone, "stop".equals(value), at);
        }
    }

    private Optional<String> phone(String waId) {
        if (waId == null || waId.isBlank()) {
            return Optional.empty();
        }
        return addresses.phone(waId.startsWith("+") ? waId : "+" + waId);
    }

    /** When Meta says a thing happened (epoch seconds), or null when it does not say or says nonsense. */
    private static Instant said(String epochSeconds) {
        try {
            return epochSeconds == null ? null : Instant.ofEpochSecond(Long.parseLong(epochSeconds));
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    private static Instant instant(String epochSeconds) {
        Instant at = said(epochSeconds);
        return at == null ? Instant.now() : at;
    }
}
