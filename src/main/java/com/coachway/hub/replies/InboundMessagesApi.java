package com.coachway.hub.replies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.PlainText;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.CompanyZone;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;

import jakarta.validation.constraints.Size;

/**
 * {@code GET /api/v1/inbound-messages}: what people texted us, newest first, for ops asked "did the client answer?"
 * or "who replied STOP?": keywords and replies alike, each reply with the message of ours it answers and the
 * notification that forwarded it to customer care. {@code POST …/{id}/handled} marks a reply that needs nothing more
 * from the hub (ops called, or it wanted no answer), so what waits for a person stays a short list;
 * {@code DELETE …/{id}/handled} takes the mark away.
 */
@Component
class InboundMessagesApi {

    static final List<String> CHANNELS = List.of(Channel.SMS.wire(), Channel.WHATSAPP.wire());
    static final int MAX_NOTE = 1000;
    private static final Logger log = LoggerFactory.getLogger(InboundMessagesApi.class);
    // the longest sender the consent package keeps as it came (an alphanumeric id, a short code)
    private static final int MAX_FROM = 64;

    private final InboundLog inbound;
    private final Addresses addresses;
    private final InboundAnswers answers;
    private final JsonBodies bodies;
    private final RequestBodies requests;
    private final ProblemReplies replies;
    private final MeterRegistry meters;
    private final CompanyZone company;

    InboundMessagesApi(InboundLog inbound, Addresses addresses, InboundAnswers answers, JsonBodies bodies,
            RequestBodies requests, ProblemReplies replies, MeterRegistry meters, CompanyZone company) {
        this.inbound = inbound;
        this.addresses = addresses;
        this.answers = answers;
        this.bodies = bodies;
        this.requests = requests;
        this.replies = replies;
        this.meters = meters;
        this.company = company;
    }

    record Listing(List<InboundLog.InboundMessageView> items, int page, int size, long total) {
    }

    /** {@code GET /api/v1/inbound-messages?channel=&from=&kind=&answered=&handled=&waiting=&since=&until=&page=&size=}. */
    public HttpReply list(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        String channel = QueryParams.text(query, "channel");
        if (channel != null && !CHANNELS.contains(channel)) {
            errors.add(FieldError.oneOf("channel", CHANNELS));
        }
        String from = QueryParams.address(query, "from");
        if (from != null && from.length() > MAX_FROM) {
            errors.add(new FieldError("from", "must be at most " + MAX_FROM + " characters"));
        }
        String kind = QueryParams.text(query, "kind");
        if (kind != null && !InboundLog.KINDS.contains(kind)) {
            errors.add(FieldError.oneOf("kind", InboundLog.KINDS));
        }
        Boolean answered = QueryParams.bool(query, "answered", errors);
        Boolean handled = QueryParams.bool(query, "handled", errors);
        Boolean waiting = QueryParams.bool(query, "waiting", errors);
        QueryParams.Period period = QueryParams.period(query, company.zone(), errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        // a phone in any notation finds its E.164 form; a sender that is no phone number is kept as it came
        String sender = from == null ? null : addresses.phone(from).orElse(from.strip());
        InboundLog.Filter filter = new InboundLog.Filter(channel, sender, InboundLog.Kind.ofWire(kind).orElse(null),
                answered, handled, waiting, period.since(), period.until());
        InboundLog.Page found = inbound.list(filter, paging.page(), paging.size());
        List<InboundLog.InboundMessageView> items = found.items().stream().map(this::withCannotAnswer).toList();
        return replies.json(200, new Listing(items, paging.page(), paging.size(), found.total()));
    }

    // a keyword is no reply, which its kind says already
    private InboundLog.InboundMessageView withCannotAnswer(InboundLog.InboundMessageView message) {
        if (!message.isReply()) {
            return message;
        }
        return message.withCannotAnswer(answers.refusal(message, message.channel()).orElse(null));
    }

    /** The optional body of a mark: what ops want the next reader to know. */
    record HandledBody(
            @Schema(description = "What was done instead, for whoever reads it next", example = "Called her back: 9:00 is fine") @Size(max = MAX_NOTE) @PlainText String note) {
    }

    /**
     * {@code POST /api/v1/inbound-messages/{id}/handled}, optionally {@code {"note": "…"}}: the reply needs nothing
     * more from the hub. A keyword is a 409 (the hub acted on it itself), and so is a reply someone marked already,
     * naming who, so two people answering the same list learn of each other.
     */
    public HttpReply handled(String id, byte[] body, Caller caller) {
        long messageId = ProblemException.numericId(id, "inbound message");
        String note = body == null || body.length == 0
                ? null
                : requests.bindExactly(bodies.object(body), HandledBody.class, "The mark is not valid").note();
        InboundLog.InboundMessageView message = find(id, messageId);
        if (!message.isReply()) {
            throw InboundAnswers.notAReply(message).problem();
        }
        if (!inbound.markHandled(messageId, caller.name(), note)) {
            // null only when someone reopened it in between
            InboundLog.Handled earlier = find(id, messageId).handled();
            String who = earlier == null
                    ? "someone else a moment ago"
                    : earlier.by() + " at " + InboundAnswers.UTC.format(earlier.at());
            throw new ProblemException(Problems.of(409, "already-handled", "Already handled", "Message " + messageId
                    + " was marked handled by " + who + "; to reopen it, DELETE /api/v1/inbound-messages/"
                    + messageId + "/handled"));
        }
        meters.counter("hub.replies.handled").increment();
        log.info("{} marked inbound message {} handled", caller.name(), messageId);
        return replies.json(200, withCannotAnswer(inbound.withItsAnswers(messageId).orElseThrow()));
    }

    /** {@code DELETE /api/v1/inbound-messages/{id}/handled}: the reply waits for a person again. */
    public HttpReply reopen(String id, Caller caller) {
        long messageId = ProblemException.numericId(id, "inbound message");
        find(id, messageId);
        if (!inbound.reopen(messageId)) {
            throw new ProblemException(Problems.of(409, "not-handled", "Not handled",
                    "Message " + messageId + " is not marked handled"));
        }
        log.info("{} reopened inbound message {}", caller.name(), messageId);
        return replies.json(200, withCannotAnswer(inbound.withItsAnswers(messageId).orElseThrow()));
    }

    private InboundLog.InboundMessageView find(String id, long messageId) {
        return inbound.find(messageId).orElseThrow(() -> ProblemException.notFound("inbound message", id));
    }
}
