package com.coachway.hub.replies;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.Sha256;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.consent.Suppression;
import com.coachway.hub.consent.WhatsAppWindows;
import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationOrigin;
import com.coachway.hub.delivery.NotificationRequest;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.NotificationSubmitter;
import com.coachway.hub.delivery.Recipient;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.IdempotencyKeys;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.leads.LeadAgents;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.coachway.hub.vocabulary.Priority;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/inbound-messages/{id}/answer}: ops answer a customer's text from our own number, on the channel
 * it came by, so the conversation stays in one thread on the customer's phone instead of going on from someone's
 * own phone. An answer is a notification of its own (template {@code customer_answer}, origin {@code answer}):
 * consent, retries, the timeline and delivery statuses apply as to any message. What cannot be sent is refused here,
 * before anything is stored: a keyword, a sender that is no phone number, an opted-out number, and WhatsApp free text
 * outside the 24-hour window that WhatsApp allows it in.
 */
@Component
class InboundAnswers implements TemplateUsages {

    static final String TEMPLATE = "customer_answer";
    /** Twilio's longest Body; Java counts an emoji two, as Twilio does. An answer is sent whole or not at all. */
    static final int MAX_TEXT = 1600;
    private static final Set<String> GUARANTEED = Set.of("answer", "answer.text", "answer.by", "answer.channel",
            "answer.inbound_message_id");
    private static final List<String> TEXTS = List.of(Channel.SMS.wire(), Channel.WHATSAPP.wire());
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(InboundAnswers.class);

    private final InboundLog inbound;
    private final NotificationStore notifications;
    private final NotificationSubmitter submitter;
    private final Addresses addresses;
    private final ConsentStore consent;
    private final WhatsAppWindows windows;
    private final TransactionTemplate transactions;
    private final JsonBodies bodies;
    private final RequestBodies requests;
    private final ProblemReplies replies;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final LeadAgents leads;

    InboundAnswers(InboundLog inbound, NotificationStore notifications, NotificationSubmitter submitter,
            Addresses addresses, ConsentStore consent, WhatsAppWindows windows, TransactionTemplate transactions,
            JsonBodies bodies, RequestBodies requests, ProblemReplies replies, ObjectMapper json,
            MeterRegistry meters, LeadAgents leads) {
        this.inbound = inbound;
        this.notifications = notifications;
        this.submitter = submitter;
        this.addresses = addresses;
        this.consent = consent;
        this.windows = windows;
        this.transactions = transactions;
        this.bodies = bodies;
        this.requests = requests;
        this.replies = replies;
        this.json = json;
        this.meters = meters;
        this.leads = leads;
    }

    /** The body of an answer. */
    record AnswerBody(
            @Schema(description = "What to text back, as it will arrive", example = "Yes, 9:00 works. We have added two seats.") @NotBlank(message = "is required: what to text back") @Size(max = MAX_TEXT, message = "must be at most {max} characters (an emoji counts two), Twilio's limit for one message") String text,
            @Schema(description = "sms or whatsapp; absent: the channel the customer wrote by (sms answers a WhatsApp message whose 24 hours are gone)") @Size(max = 16) String channel) {
    }

    /** Why a reply cannot be answered now: the 409's type, and how the list names it. */
    enum Reason {
        NOT_A_REPLY("Not a reply"), NOT_A_PHONE("Not a phone"), OPTED_OUT("Opted out"), WHATSAPP_WINDOW_CLOSED(
                "WhatsApp window closed");

        private final String title;

        Reason(String title) {
            this.title = title;
        }

        @JsonValue
        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Why a reply cannot be answered now.
     *
     * @param reason what stands in the way
     * @param detail the 409's detail, saying what to do instead
     */
    record Refusal(Reason reason, String detail) {

        ProblemException problem() {
            return new ProblemException(Problems.of(409, reason.wire(), reason.title, detail));
        }
    }

    record Accepted(String id, NotificationStatus status, boolean duplicate) {
    }

    /** The same Idempotency-Key from the same caller again returns the same answer instead of sending a second. */
    public HttpReply answer(String id, byte[] body, Object idempotencyKey, Caller caller) {
        String key = IdempotencyKeys.checked(idempotencyKey);
        long messageId = ProblemException.numericId(id, "inbound message");
        JsonNode object = bodies.object(body);
        AnswerBody answer = requests.bindExactly(object, AnswerBody.class,
                "The answer is not valid; every problem is listed");
        if (answer.channel() != null && !TEXTS.contains(answer.channel())) {
            throw ProblemException.badRequest("The answer is not valid; every problem is listed",
                    List.of(new FieldError("channel", FieldError.oneOf(TEXTS) + ": an answer is a text")));
        }
        InboundLog.InboundMessageView message = inbound.find(messageId)
                .orElseThrow(() -> ProblemException.notFound("inbound message", id));
        String channel = answer.channel() == null ? message.channel() : answer.channel();
        Optional<Refusal> refused = refusal(message, channel);
        if (refused.isPresent()) {
            throw refused.get().problem();
        }
        String phone = addresses.phone(message.from()).orElseThrow();

        // the name and language we last wrote to them in, when the message answers one of ours
        Optional<Notification> answered = Optional.ofNullable(message.repliedTo())
                .flatMap(r -> notifications.find(r.notificationId()));
        Recipient earlier = answered.map(Notification::recipient).orElse(Recipient.NOBODY);
        NotificationRequest request = new NotificationRequest(TEMPLATE, List.of(channel),
                Category.TRANSACTIONAL.wire(), Priority.HIGH.wire(),
                new Recipient(earlier.name(), phone, null, earlier.locale(), earlier.timezone()),
                data(json, message.id(), answer.text(), channel, caller.name()), null, null, null);
        String hash = Sha256.hex(messageId + ":" + object);
        String originKey = key == null ? null : "answer:" + caller.name() + ":" + key;
        String otherChannel = channel.equals(message.channel()) ? "" : ", by " + channel;
        String note = "answer by " + caller.name() + " to the " + message.channel() + " message received "
                + UTC.format(message.receivedAt()) + " (inbound message " + messageId + ")" + otherChannel;
        NotificationStore.Created created = transactions.execute(tx -> {
            NotificationStore.Created made = submitter.submit(request, NotificationOrigin.ANSWER, originKey, hash,
                    caller.name(),
                    null);
            if (made.created()) {
                inbound.addAnswer(made.id(), messageId, caller.name());
                notifications.timeline(made.id(), NotificationStatus.QUEUED, note);
                leads.leadTextedAbout(answered, phone, message.receivedAt()).ifPresent(lead -> leads
                        .answered(lead, phone, channel, answer.text(), caller.name(), made.id()));
            }
            return made;
        });
        if (!created.created() && !hash.equals(created.requestHash())) {
            throw IdempotencyKeys.reused("notification " + created.id());
        }
        if (created.created()) {
            meters.counter("hub.replies.answers", "channel", channel).increment();
            log.info("{} answered inbound message {} from {} by {} as {}", caller.name(), messageId,
                    Masking.address(phone), channel, created.id());
        }
        Notification notification = notifications.find(created.id()).orElseThrow();
        return replies.json(202, new Accepted(notification.id(), notification.status(), !created.created()));
    }

    /**
     * Why an answer to this message cannot go by this channel now; empty when it can. The list of inbound messages
     * says the same beside each reply, so nobody types an answer that will be refused.
     */
    Optional<Refusal> refusal(InboundLog.InboundMessageView message, String channel) {
        if (!message.isReply()) {
            return Optional.of(notAReply(message));
        }
        Optional<String> phone = addresses.phone(message.from());
        if (phone.isEmpty()) {
            return Optional.of(new Refusal(Reason.NOT_A_PHONE, message.from()
                    + " is a sender id or short code, not a phone number: it cannot be texted back"));
        }
        Optional<Suppression> stop = consent.find(channel, phone.get(), Category.TRANSACTIONAL.wire());
        if (stop.isPresent()) {
            Suppression entry = stop.get();
            return Optional.of(new Refusal(Reason.OPTED_OUT, phone.get() + " is " + entry.kind().replace('_', ' ')
                    + " on " + channel + " since " + UTC.format(entry.createdAt()) + " (" + entry.source() + ")"));
        }
        if (Channel.WHATSAPP.wire().equals(channel) && !windows.isOpen(phone.get())) {
            String closed = windows.closesAt(phone.get()).map(at -> " It closed " + UTC.format(at) + ".").orElse("");
            String detail = "WhatsApp allows free text only within 24 hours of the customer's last message."
                    + closed + " Answer by SMS (\"channel\": \"sms\"), call " + phone.get()
                    + ", or send them an approved WhatsApp template (POST /api/v1/notifications)";
            return Optional.of(new Refusal(Reason.WHATSAPP_WINDOW_CLOSED, detail));
        }
        return Optional.empty();
    }

    /** A keyword the hub acted on itself, which nobody needs to answer or mark handled. */
    static Refusal notAReply(InboundLog.InboundMessageView message) {
        return new Refusal(Reason.NOT_A_REPLY, "Message " + message.id() + " is the keyword " + message.keyword()
                + ", which the hub acted on itself (" + message.kind() + "); only a reply waits for a person");
    }

    /** What {@code customer_answer} is sent with: {@code answer.*}, each key present. */
    static ObjectNode data(ObjectMapper json, long inboundMessageId, String text, String channel, String by) {
        ObjectNode data = json.createObjectNode();
        ObjectNode answer = data.putObject("answer");
        answer.put("text", text);
        answer.put("by", by);
        answer.put("channel", channel);
        answer.put("inbound_message_id", inboundMessageId);
        return data;
    }

    /** The one way {@code customer_answer} is sent, and what its data always holds (API.md §2a). */
    @Override
    public List<TemplateUsage> usages() {
        // WhatsApp only within the customer's 24 hours: answer() refuses it after them
        return List.of(new TemplateUsage(TEMPLATE, "an answer ops text back to a customer's reply", TEXTS,
                GUARANTEED::contains, true));
    }
}
