package com.coachway.hub.replies;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;
import com.coachway.hub.consent.Keywords;
import com.coachway.hub.consent.MarketingStopped;

/**
 * The inbound messages as ops read them ({@code inbound_message_views}), with the message each reply answers, the
 * notification that forwarded it, ops' answers and their mark that one needs nothing more. The consent package keeps
 * them, each with the message it answers ({@code replied_to}); this package adds {@code inbound_answers} and
 * {@code inbound_handled}.
 */
@Component
class InboundLog {

    /** What a message was: a keyword the consent package acted on, or a reply for a person to read. */
    enum Kind {
        OPT_OUT(Keywords.Intent.OPT_OUT), OPT_IN(Keywords.Intent.OPT_IN), HELP(Keywords.Intent.HELP), REPLY(
                Keywords.Intent.NONE);

        private final Keywords.Intent intent;

        Kind(Keywords.Intent intent) {
            this.intent = intent;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String keyword) {
            Keywords.Intent intent = Keywords.of(keyword);
            return Arrays.stream(values()).filter(kind -> kind.intent == intent).findFirst().orElseThrow();
        }

        static Optional<Kind> ofWire(String wire) {
            return Arrays.stream(values()).filter(kind -> kind.wire().equals(wire)).findFirst();
        }

        /** The stored keywords of this kind; none for a reply, which has none. */
        Set<String> keywords() {
            return Keywords.words(intent);
        }
    }

    static final List<String> KINDS = Arrays.stream(Kind.values()).map(Kind::wire).toList();

    /**
     * What a list shows; every part may be null (no filter).
     *
     * @param channel sms or whatsapp
     * @param from the sender as stored
     * @param kind one kind of message
     * @param answered true: only messages ops answered from the hub; false: only those they did not
     * @param handled true: only messages ops marked handled; false: only those they did not
     * @param waiting true: only replies that wait for us (neither answered from the hub nor marked handled); false:
     *            everything else
     * @param since received at or after
     * @param until received before
     */
    record Filter(String channel, String from, Kind kind, Boolean answered, Boolean handled, Boolean waiting,
            Instant since, Instant until) {
    }

    /**
     * Ops' mark that a reply needs nothing more from the hub: they called, or it wanted no answer.
     *
     * @param by who marked it
     * @param at when
     * @param note what they wrote, if anything ("called her back: 9:00 is fine")
     */
    record Handled(String by, Instant at, String note) {
    }

    /**
     * One of our notifications, as a reply refers to it.
     *
     * @param notificationId the notification
     * @param template its template
     * @param eventType the event that caused it, if any
     * @param eventId that event's id
     * @param sentAt when it was last handed to the provider
     */
    record Answered(String notificationId, String template, String eventType, String eventId, Instant sentAt) {
    }

    /**
     * One inbound message.
     *
     * @param id its number
     * @param channel sms or whatsapp
     * @param from the sender: E.164, or as the provider gave it when it is not a phone number
     * @param customerName the name on the message of ours it answers, if any
     * @param profileName the name the sender set on WhatsApp, as the provider passed it on: their own word, not ours
     * @param provider twilio or meta
     * @param providerMessageId the provider's id
     * @param body the text (up to 4,000 characters)
     * @param kind opt_out, opt_in, help (the consent keywords) or reply
     * @param keyword the keyword, upper-cased, for the first three
     * @param receivedAt when it arrived
     * @param repliedTo the message of ours it answers, found when it arrived; null for a keyword or when we had sent
     *            that phone nothing by SMS or WhatsApp
     * @param forwardedAs the notification that took it to customer care, or to the agent of the lead it is about
     * @param forwardedTo whom that notification went to (a name, else an email address)
     * @param answers what ops texted back from our number, oldest first
     * @param handled ops' mark that it needs nothing more, if they made one
     * @param cannotAnswer why a reply cannot be answered now by the channel it came by (opted out since, WhatsApp's
     *            24 hours gone: SMS may still go, a sender id); null when it can, and for a keyword
     */
    record InboundMessageView(long id, String channel, String from, String customerName, String profileName,
            String provider, String providerMessageId,
            String body, String kind, String keyword, Instant receivedAt, Answered repliedTo, String forwardedAs,
            String forwardedTo, List<Answer> answers, Handled handled, InboundAnswers.Refusal cannotAnswer) {

        InboundMessageView withAnswers(List<Answer> found) {
            return new InboundMessageView(id, channel, from, customerName, profileName, provider, providerMessageId,
                    body, kind,
                    keyword, receivedAt, repliedTo, forwardedAs, forwardedTo, List.copyOf(found), handled,
                    cannotAnswer);
        }

        InboundMessageView withCannotAnswer(InboundAnswers.Refusal why) {
            return new InboundMessageView(id, channel, from, customerName, profileName, provider, providerMessageId,
                    body, kind,
                    keyword, receivedAt, repliedTo, forwardedAs, forwardedTo, answers, handled, why);
        }

        boolean isReply() {
            return Kind.REPLY.wire().equals(kind);
        }
    }

    /**
     * An answer ops sent from our number.
     *
     * @param notificationId the notification that carries it, with its timeline
     * @param text what it said, as typed (until retention clears the notification's data)
     * @param status that notification's status now
     * @param answeredBy who sent it
     * @param answeredAt when
     */
    record Answer(String notificationId, String text, String status, String answeredBy, Instant answeredAt) {
    }

    record Page(List<InboundMessageView> items, long total) {
    }

    private final JdbcClient jdbc;

    InboundLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps that this notification is ops' answer to this message. */
    void addAnswer(String notificationId, long inboundMessageId, String by) {
        jdbc.sql("""
                INSERT INTO inbound_answers (notification_id, inbound_message_id, answered_by)
                VALUES (:notification, :message, :by)
                """)
                .param("notification", notificationId)
                .param("message", inboundMessageId)
                .param("by", by)
                .update();
    }

    /** Marks a message handled; false when it was already. */
    boolean markHandled(long inboundMessageId, String by, String note) {
        return jdbc.sql("""
                INSERT INTO inbound_handled (inbound_message_id, handled_by, note) VALUES (:message, :by, :note)
                ON CONFLICT (inbound_message_id) DO NOTHING
                """)
                .param("message", inboundMessageId)
                .param("by", by)
                .param("note", note)
                .update() == 1;
    }

    /** A marketing stop phrase needs no person: the hub has acted on it, and says so where ops read replies. */
    @EventListener
    void on(MarketingStopped stopped) {
        markHandled(stopped.inboundMessageId(), "hub", "marketing messages stopped on " + stopped.channel()
                + " (hub.consent.marketing-stop-phrases); trip messages go on");
    }

    /** Takes the mark away, so the reply waits again; false when there was none. */
    boolean reopen(long inboundMessageId) {
        return jdbc.sql("DELETE FROM inbound_handled WHERE inbound_message_id = :message")
                .param("message", inboundMessageId)
                .update() == 1;
    }

    /** One message as the list shows it, with its answers. */
    Optional<InboundMessageView> withItsAnswers(long id) {
        return find(id).map(message -> withAnswers(List.of(message)).get(0));
    }

    /** One message without its answers, which only the list shows: its callers forward or answer it. */
    Optional<InboundMessageView> find(long id) {
        return jdbc.sql("SELECT * FROM inbound_message_views WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> view(rs))
                .optional();
    }

    /** Newest first. */
    Page list(Filter filter, int page, int size) {
        Kind kind = filter.kind();
        // a reply has no keyword; IN () cannot be empty, and no keyword is ''
        List<String> keywords = kind == null || kind.keywords().isEmpty() ? List.of("") : List.copyOf(kind.keywords());
        Rows.Paged<InboundMessageView> found = Rows.page(jdbc.sql("""
                WITH matching AS (
                    SELECT * FROM inbound_messages m
                    WHERE (CAST(:channel AS text) IS NULL OR channel = :channel)
                      AND (CAST(:sender AS text) IS NULL OR address = :sender)
                      AND (CAST(:kind AS text) IS NULL OR (:kind = 'reply' AND keyword IS NULL)
                           OR keyword IN (:keywords))
                      AND (CAST(:answered AS boolean) IS NULL OR :answered = EXISTS (
                           SELECT 1 FROM inbound_answers a WHERE a.inbound_message_id = m.id))
                      AND (CAST(:handled AS boolean) IS NULL OR :handled = EXISTS (
                           SELECT 1 FROM inbound_handled h WHERE h.inbound_message_id = m.id))
                      AND (CAST(:waiting AS boolean) IS NULL OR :waiting = inbound_waiting(m))
                      AND (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)
                      AND (CAST(:until AS timestamptz) IS NULL OR received_at < :until))
                SELECT t.total, v.* FROM (SELECT count(*) AS total FROM matching) t
                LEFT JOIN (SELECT id FROM matching ORDER BY received_at DESC, id DESC LIMIT :size OFFSET :offset) p
                    ON true
                LEFT JOIN inbound_message_views v ON v.id = p.id
                ORDER BY v.received_at DESC, v.id DESC
                """)
                .param("channel", filter.channel())
                .param("sender", filter.from())
                .param("kind", kind == null ? null : kind.wire())
                .param("keywords", keywords)
                .param("answered", filter.answered())
                .param("handled", filter.handled())
                .param("waiting", filter.waiting())
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("until", filter.until() == null ? null : Timestamp.from(filter.until())),
                page, size, "id", (rs, row) -> view(rs));
        return new Page(withAnswers(found.items()), found.total());
    }

    // one query for the page, not one per message
    private List<InboundMessageView> withAnswers(List<InboundMessageView> messages) {
        if (messages.isEmpty()) {
            return messages;
        }
        Map<Long, List<Answer>> answers = new HashMap<>();
        jdbc.sql("""
                SELECT a.inbound_message_id, a.notification_id, n.data -> 'answer' ->> 'text' AS text, n.status,
                       a.answered_by, a.answered_at
                FROM inbound_answers a JOIN notifications n ON n.id = a.notification_id
                WHERE a.inbound_message_id IN (:ids)
                ORDER BY a.answered_at, a.notification_id
                """)
                .param("ids", messages.stream().map(InboundMessageView::id).toList())
                .query(rs -> {
                    answers.computeIfAbsent(rs.getLong("inbound_message_id"), id -> new ArrayList<>())
                            .add(new Answer(rs.getString("notification_id"), rs.getString("text"),
                                    rs.getString("status"), rs.getString("answered_by"),
                                    Rows.instant(rs, "answered_at")));
                });
        return messages.stream().map(m -> m.withAnswers(answers.getOrDefault(m.id(), List.of()))).toList();
    }

    private static InboundMessageView view(ResultSet rs) throws SQLException {
        String keyword = rs.getString("keyword");
        String repliedTo = rs.getString("replied_to");
        Answered answered = repliedTo == null
                ? null
                : new Answered(repliedTo, rs.getString("replied_template"), rs.getString("replied_event_type"),
                        rs.getString("replied_event_id"), Rows.instant(rs, "replied_sent_at"));
        String handledBy = rs.getString("handled_by");
        Handled handled = handledBy == null
                ? null
                : new Handled(handledBy, Rows.instant(rs, "handled_at"), rs.getString("handled_note"));
        return new InboundMessageView(rs.getLong("id"), rs.getString("channel"), rs.getString("address"),
                rs.getString("customer_name"), rs.getString("profile_name"), rs.getString("provider"),
                rs.getString("provider_message_id"),
                rs.getString("body"),
                Kind.of(keyword).wire(), keyword, Rows.instant(rs, "received_at"), answered,
                rs.getString("forwarded_as"), rs.getString("forwarded_to"), List.of(), handled, null);
    }
}
