package com.coachway.hub.replies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.vocabulary.Channel;

/**
 * {@code GET /api/v1/inbound-messages}: what people texted us, newest first, for ops asked "did the client answer?"
 * or "who replied STOP?": keywords and replies alike, each reply with the message of ours it answers and the
 * notification that forwarded it to customer care.
 */
@Component
class InboundMessagesApi {

    static final List<String> CHANNELS = List.of(Channel.SMS.wire(), Channel.WHATSAPP.wire());
    // the longest sender the consent package keeps as it came (an alphanumeric id, a short code)
    private static final int MAX_FROM = 64;

    private final InboundLog inbound;
    private final Addresses addresses;
    private final InboundAnswers answers;
    private final ProblemReplies replies;

    InboundMessagesApi(InboundLog inbound, Addresses addresses, InboundAnswers answers, ProblemReplies replies) {
        this.inbound = inbound;
        this.addresses = addresses;
        this.answers = answers;
        this.replies = replies;
    }

    record Listing(List<InboundLog.InboundMessageView> items, int page, int size, long total) {
    }

    /** {@code GET /api/v1/inbound-messages?channel=&from=&kind=&answered=&since=&until=&page=&size=}. */
    public HttpReply list(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        String channel = QueryParams.text(query, "channel");
        if (channel != null && !CHANNELS.contains(channel)) {
            errors.add(new FieldError("channel", "must be one of " + CHANNELS));
        }
        String from = QueryParams.address(query, "from");
        if (from != null && from.length() > MAX_FROM) {
            errors.add(new FieldError("from", "must be at most " + MAX_FROM + " characters"));
        }
        String kind = QueryParams.text(query, "kind");
        if (kind != null && !InboundLog.KINDS.contains(kind)) {
            errors.add(new FieldError("kind", "must be one of " + InboundLog.KINDS));
        }
        Boolean answered = QueryParams.bool(query, "answered", errors);
        Instant since = QueryParams.instant(query, "since", errors);
        Instant until = QueryParams.instant(query, "until", errors);
        if (since != null && until != null && !since.isBefore(until)) {
            errors.add(new FieldError("until", "must be later than since"));
        }
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        // a phone in any notation finds its E.164 form; a sender that is no phone number is kept as it came
        String sender = from == null ? null : addresses.phone(from).orElse(from.strip());
        InboundLog.Filter filter = new InboundLog.Filter(channel, sender, InboundLog.Kind.ofWire(kind).orElse(null),
                answered, since, until);
        InboundLog.Page found = inbound.list(filter, paging.page(), paging.size());
        List<InboundLog.InboundMessageView> items = found.items().stream().map(this::withCannotAnswer).toList();
        return replies.json(200, new Listing(items, paging.page(), paging.size(), found.total()));
    }

    // a keyword is no reply, which its kind says already
    private InboundLog.InboundMessageView withCannotAnswer(InboundLog.InboundMessageView message) {
        if (!InboundLog.Kind.REPLY.wire().equals(message.kind())) {
            return message;
        }
        return message.withCannotAnswer(answers.refusal(message, message.channel()).orElse(null));
    }
}
