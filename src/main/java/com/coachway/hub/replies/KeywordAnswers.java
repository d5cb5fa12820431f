package com.coachway.hub.replies;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.AnswerOwed;
import com.coachway.hub.consent.ConsentProperties;
import com.coachway.hub.consent.Keywords;
import com.coachway.hub.consent.MarketingStopped;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.delivery.NotificationOrigin;
import com.coachway.hub.delivery.NotificationRequest;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.NotificationSubmitter;
import com.coachway.hub.delivery.Recipient;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Priority;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HELP and INFO are answered with {@code hub.consent.help-text}, an opt-out with {@code hub.consent.opt-out-text}
 * (API.md §7), a marketing stop phrase with {@code hub.consent.marketing-stop-text}. Twilio's webhook answers them in
 * its own response (TwiML); Meta's carries no answer, so the text goes back as a WhatsApp message of its own
 * ({@code customer_answer}, by {@code hub}), inside the 24 hours the person's message has just opened. It is stored in
 * the transaction that kept the message, under the origin key {@code help:<id>}, {@code opt-out:<id>} or
 * {@code marketing-stop:<id>}, so a retried webhook answers once, and it is listed under the message's answers. The
 * confirmation of an opt-out is the one message that address still gets: see {@link NotificationOrigin#CONFIRMATION}.
 */
@Component
class KeywordAnswers {

    private static final String BY = "hub";
    private static final Logger log = LoggerFactory.getLogger(KeywordAnswers.class);

    private final NotificationSubmitter submitter;
    private final InboundLog inbound;
    private final ConsentProperties consent;
    private final ObjectMapper json;

    KeywordAnswers(NotificationSubmitter submitter, InboundLog inbound, ConsentProperties consent,
            ObjectMapper json) {
        this.submitter = submitter;
        this.inbound = inbound;
        this.consent = consent;
        this.json = json;
    }

    @EventListener
    void on(AnswerOwed owed) {
        if ("twilio".equals(owed.provider())) {
            return; // answered by the webhook's TwiML
        }
        answer(owed.inboundMessageId(), owed.channel(), owed.phone(), owed.intent() == Keywords.Intent.HELP
                ? new Answer("help", consent.helpText(), NotificationOrigin.ANSWER)
                : new Answer("opt-out", consent.optOutText(), NotificationOrigin.CONFIRMATION));
    }

    // the channel stays open for trip messages, and this is one: an answer like any other, checked against consent
    @EventListener
    void on(MarketingStopped stopped) {
        if ("twilio".equals(stopped.provider())) {
            return; // answered by the webhook's TwiML
        }
        answer(stopped.inboundMessageId(), stopped.channel(), stopped.phone(),
                new Answer("marketing-stop", consent.marketingStopText(), NotificationOrigin.ANSWER));
    }

    private void answer(long inboundMessageId, String channel, String phone, Answer answer) {
        NotificationRequest request = new NotificationRequest(InboundAnswers.TEMPLATE, List.of(channel),
                Category.TRANSACTIONAL.wire(), Priority.HIGH.wire(), new Recipient(null, phone, null, null),
                InboundAnswers.data(json, inboundMessageId, answer.text(), channel, BY), null, null, null);
        NotificationStore.Created sent = submitter.submitAfterCommit(request, answer.origin(),
                answer.kind() + ":" + inboundMessageId, BY);
        if (sent.created()) {
            inbound.addAnswer(sent.id(), inboundMessageId, BY);
            log.info("Message {} from {} by {} answered with the {} text as {}", inboundMessageId,
                    Masking.address(phone), channel, answer.kind(), sent.id());
        }
    }

    /** @param kind help, opt-out or marketing-stop: names the text and prefixes the origin key */
    private record Answer(String kind, String text, NotificationOrigin origin) {
    }
}
