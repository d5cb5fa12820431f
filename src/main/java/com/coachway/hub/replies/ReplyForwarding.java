package com.coachway.hub.replies;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Masking;
import com.coachway.hub.consent.ReplyReceived;
import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationOrigin;
import com.coachway.hub.delivery.NotificationRequest;
import com.coachway.hub.delivery.NotificationStore;
import com.coachway.hub.delivery.NotificationSubmitter;
import com.coachway.hub.delivery.Recipient;
import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.leads.LeadAgents;
import com.coachway.hub.templates.RenderedMessage;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;
import com.coachway.hub.vocabulary.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Our texts say "Questions? Reply to this message.", so a reply must reach a person: each one that is not a keyword
 * is forwarded to customer care by email ({@code customer_reply}), with who sent it and the message of ours it
 * answers; a lead's customer answering our notice about their enquiry, or texting us about it before we texted them
 * anything, reaches the lead's agent instead, as their email replies do ({@link LeadAgents#leadTextedAbout}). The
 * forward is stored in the transaction that kept the reply, under the origin key {@code reply:<id>}, so a webhook
 * retry cannot forward it twice and a rollback forwards nothing; it is handed to the notify queue once that commits,
 * so a broker outage never costs the reply itself (Twilio does not send an inbound message again).
 */
@Component
class ReplyForwarding implements TemplateUsages, InitializingBean {

    static final String TEMPLATE = "customer_reply";
    // what the data always holds (see data()); customer.* and replied_to.* may be null
    private static final Set<String> GUARANTEED = Set.of("reply", "reply.id", "reply.channel", "reply.from",
            "reply.body", "reply.received_at", "reply.provider", "reply.console_url", "customer", "replied_to",
            "lead");
    private static final List<String> EMAIL = List.of(Channel.EMAIL.wire());

    private static final Logger log = LoggerFactory.getLogger(ReplyForwarding.class);

    private final InboundLog inbound;
    private final NotificationStore notifications;
    private final NotificationSubmitter submitter;
    private final RepliesProperties properties;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final PublicUrls urls;
    private final LeadAgents leads;

    ReplyForwarding(InboundLog inbound, NotificationStore notifications, NotificationSubmitter submitter,
            RepliesProperties properties, ObjectMapper json, MeterRegistry meters, PublicUrls urls,
            LeadAgents leads) {
        this.inbound = inbound;
        this.notifications = notifications;
        this.submitter = submitter;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.urls = urls;
        this.leads = leads;
    }

    // said at start, not only at the first reply: before then nobody would know that replies reach no one
    @Override
    public void afterPropertiesSet() {
        if (!properties.forwardTo().isSet()) {
            log.warn("hub.replies.forward-to.email is not set: what customers text back (anything but a keyword) is "
                    + "kept and listed at GET /api/v1/inbound-messages, and nobody is told");
        }
    }

    @EventListener
    void on(ReplyReceived reply) {
        Optional<Notification> last = Optional.ofNullable(reply.answered()).flatMap(notifications::find);
        InboundLog.InboundMessageView message = inbound.find(reply.inboundMessageId()).orElseThrow();
        Optional<String> lead = leads.leadTextedAbout(last, reply.phone(), message.receivedAt());
        Optional<LeadAgents.Handler> agent = lead.flatMap(id -> leads.handling(id, reply.phone()));
        // about a lead that came in after our last text: not an answer to that text, whatever it was
        Optional<Notification> answered = last.filter(n -> agent.isEmpty() || leads.leadOf(n).isPresent());
        RepliesProperties.ForwardTo to = properties.forwardTo();
        boolean forwarded = agent.isPresent() || to.isSet();
        meters.counter("hub.replies", "channel", reply.channel(), "forwarded", String.valueOf(forwarded))
                .increment();
        lead.ifPresent(id -> leads.heard(id, reply.phone(), message.channel(), message.body(),
                agent.map(a -> "forwarded to " + a.name())
                        .orElse(forwarded ? "forwarded to " + to.name() : "nobody was told")));
        if (!forwarded) {
            log.warn("A {} reply from {} (inbound message {}) was kept, and hub.replies.forward-to.email is not set: "
                    + "nobody was told (GET /api/v1/inbound-messages lists it)", reply.channel(),
                    Masking.address(reply.phone()), reply.inboundMessageId());
            return;
        }
        Recipient recipient = agent.map(a -> new Recipient(a.name(), null, a.email(), null))
                .orElseGet(() -> new Recipient(to.name(), null, to.email(), null));
        NotificationRequest request = new NotificationRequest(TEMPLATE, EMAIL, "transactional", "high", recipient,
                data(message, answered, agent), null, null, null);
        // handed over after the webhook's commit: the reply is kept even while the broker is away
        submitter.submitAfterCommit(request, NotificationOrigin.REPLY, "reply:" + message.id(), "hub");
        // the agent's to answer, not customer care's: out of the replies waiting for ops, who can reopen it
        agent.ifPresent(a -> inbound.markHandled(message.id(), "hub", "forwarded to " + a.name() + ", whose lead "
                + a.leadId() + " it is about: theirs to answer"));
    }

    /** The one way {@code customer_reply} is sent, and what its data always holds (API.md §2a). */
    @Override
    public List<TemplateUsage> usages() {
        return List.of(new TemplateUsage(TEMPLATE, "the forward of a customer's reply", EMAIL,
                GUARANTEED::contains));
    }

    // every key present, null or not: templates use strict variables
    private ObjectNode data(InboundLog.InboundMessageView message, Optional<Notification> answered,
            Optional<LeadAgents.Handler> agent) {
        ObjectNode data = json.createObjectNode();
        ObjectNode reply = data.putObject("reply");
        reply.put("id", message.id());
        reply.put("channel", message.channel());
        reply.put("from", message.from());
        reply.put("body", message.body());
        reply.put("received_at", message.receivedAt().toString());
        reply.put("provider", message.provider());
        reply.put("provider_message_id", message.providerMessageId());
        // the console's lookup of the number: what we sent it and what it texted us, with the timelines
        reply.put("console_url", urls.of("/ops/#/notifications?q=" + URLEncoder.encode(message.from(),
                StandardCharsets.UTF_8)));
        ObjectNode customer = data.putObject("customer");
        customer.put("name", answered.map(n -> n.recipient().name())
                .or(() -> agent.map(LeadAgents.Handler::customer)).orElse(null));
        customer.put("email", answered.map(n -> n.recipient().email()).orElse(null));
        customer.put("profile_name", message.profileName());
        ObjectNode repliedTo = data.putObject("replied_to");
        repliedTo.put("notification_id", answered.map(Notification::id).orElse(null));
        repliedTo.put("template", answered.map(Notification::template).orElse(null));
        repliedTo.put("event_type", answered.map(Notification::eventType).orElse(null));
        repliedTo.put("event_id", answered.map(Notification::eventId).orElse(null));
        repliedTo.set("charter_id", answered.map(Notification::data).map(d -> d.get("charter_id"))
                .filter(JsonNode::isValueNode).orElse(data.nullNode()));
        repliedTo.put("sent_at", answered.map(Notification::attemptStartedAt).map(Object::toString).orElse(null));
        repliedTo.put("text", answered.flatMap(n -> notifications.content(n.id())).map(RenderedMessage::text)
                .orElse(null));
        // the lead it is about, when it goes to the lead's agent
        ObjectNode lead = data.putObject("lead");
        lead.put("id", agent.map(LeadAgents.Handler::leadId).orElse(null));
        lead.put("status", agent.map(LeadAgents.Handler::leadStatus).orElse(null));
        lead.put("agent_name", agent.map(LeadAgents.Handler::name).orElse(null));
        return data;
    }
}
