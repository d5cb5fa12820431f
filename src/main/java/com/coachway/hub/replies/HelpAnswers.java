package com.coachway.hub.replies;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.ConsentProperties;
import com.coachway.hub.consent.HelpAsked;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.delivery.NotificationRequest;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.NotificationSubmitter;
import com.coachway.hub.delivery.Recipient;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Priority;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HELP and INFO are answered with {@code hub.consent.help-text} (API.md §7). Twilio's webhook answers them in its
 * own response (TwiML); Meta's carries no answer, so the help text goes back as a WhatsApp message of its own
 * ({@code customer_answer}, by {@code hub}), inside the 24 hours the person's message has just opened. It is stored
 * in the transaction that kept the HELP, under the origin key {@code help:<id>}, so a retried webhook answers once,
 * and it is listed under the message's answers.
 */
@Component
class HelpAnswers {

    private static final String BY = "hub";
    private static final Logger log = LoggerFactory.getLogger(HelpAnswers.class);

    private final NotificationSubmitter submitter;
    private final InboundLog inbound;
    private final ConsentProperties consent;
    private final ObjectMapper json;

    HelpAnswers(NotificationSubmitter submitter, InboundLog inbound, ConsentProperties consent, ObjectMapper json) {
        this.submitter = submitter;
        this.inbound = inbound;
        this.consent = consent;
        this.json = json;
    }

    @EventListener
    void on(HelpAsked help) {
        if ("twilio".equals(help.provider())) {
            return; // answered by the webhook's TwiML
        }
        NotificationRequest request = new NotificationRequest(InboundAnswers.TEMPLATE, List.of(help.channel()),
                Category.TRANSACTIONAL.wire(), Priority.HIGH.wire(), new Recipient(null, help.phone(), null, null),
                InboundAnswers.data(json, help.inboundMessageId(), consent.helpText(), help.channel(), BY), null,
                null, null);
        NotificationStore.Created answer = submitter.submitAfterCommit(request, "answer",
                "help:" + help.inboundMessageId(), BY);
        if (answer.created()) {
            inbound.addAnswer(answer.id(), help.inboundMessageId(), BY);
            log.info("HELP from {} by {} ({}) answered with the help text as {}", Masking.address(help.phone()),
                    help.channel(), help.provider(), answer.id());
        }
    }
}
