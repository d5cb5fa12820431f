package com.coachway.hub.leads;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.Notification;
import com.coachway.hub.delivery.NotificationOrigin;
import com.coachway.hub.vocabulary.Channel;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who looks after a lead's customer now, for what the customer sends us about it: the lead's agent while the lead is
 * not {@code dead}, the agent still takes leads and an email to them would not be suppressed (their address is where
 * the customer's email replies go already, through {@code lead_acknowledgement}'s {@code reply_to}).
 */
@Component
public class LeadAgents {

    /**
     * The agent who has a lead.
     *
     * @param leadId the lead
     * @param leadStatus where it stands
     * @param name display name
     * @param email where to write to them
     * @param customer the name of the lead's customer
     */
    public record Handler(String leadId, String leadStatus, String name, String email, String customer) {
    }

    private final LeadStore leads;
    private final AssignmentRuleStore rules;
    private final LeadNotices notices;

    LeadAgents(LeadStore leads, AssignmentRuleStore rules, LeadNotices notices) {
        this.leads = leads;
        this.rules = rules;
        this.notices = notices;
    }

    /**
     * The agent who has the lead whose customer is on {@code phone}; empty when that is not the lead's phone (a notice
     * to its agent, answered by the agent), or nobody can take it up.
     */
    public Optional<Handler> handling(String leadId, String phone) {
        return customersLead(leadId, phone)
                .filter(lead -> !LeadStatus.DEAD.equals(lead.status()) && lead.assignedAgentId() != null)
                .flatMap(lead -> rules.findByAgent(lead.assignedAgentId())
                        .filter(agent -> agent.isActive() && notices.emailReaches(agent))
                        .map(agent -> new Handler(lead.id(), lead.status(), agent.agentName(), agent.agentEmail(),
                                lead.fullName())));
    }

    /** The lead one of our messages was about: a lead notice's (origin {@code lead}) {@code lead.id}. */
    public Optional<String> leadOf(Notification notice) {
        JsonNode id = notice.data().path("lead").path("id");
        return NotificationOrigin.LEAD.wire().equals(notice.origin()) && id.isTextual()
                ? Optional.of(id.asText())
                : Optional.empty();
    }

    /**
     * The lead a text from {@code phone}, received {@code at}, is about: the lead of the message of ours it answers;
     * else, when we had texted the number nothing since, the open lead on that number that came in before the text (a
     * customer who gave an email as well heard from us by email only, and texts our number about their enquiry).
     *
     * @param answered the message of ours it answers: the last we sent the number by SMS or WhatsApp, if any
     */
    public Optional<String> leadTextedAbout(Optional<Notification> answered, String phone, Instant at) {
        Optional<String> noticed = answered.flatMap(this::leadOf);
        if (noticed.isPresent() || phone == null) {
            return noticed;
        }
        Optional<Instant> lastTexted = answered
                .map(n -> n.attemptStartedAt() != null ? n.attemptStartedAt() : n.createdAt());
        return leads.openDuplicate(null, phone)
                .filter(lead -> lead.createdAt().isBefore(at)
                        && lastTexted.map(sent -> sent.isBefore(lead.createdAt())).orElse(true))
                .map(Lead::id);
    }

    /**
     * Keeps what the customer of a lead texted us about it among the lead's activities ({@code customer_reply}), so
     * whoever opens the lead reads it next to the calls logged; nothing when {@code phone} is not the lead's (an agent
     * answering a notice to them).
     *
     * @param outcome who was told of it, e.g. "forwarded to Kim Park"
     */
    public void heard(String leadId, String phone, String channel, String text, String outcome) {
        note(leadId, phone, "customer_reply", words(channel) + " from the customer: \"" + text + "\"; " + outcome,
                "customer");
    }

    /** Keeps our answer to such a text among the lead's activities too ({@code answer}, by whoever wrote it). */
    public void answered(String leadId, String phone, String channel, String text, String by, String notification) {
        note(leadId, phone, "answer", "answered by " + words(channel) + ": \"" + text + "\" (" + notification + ")",
                by);
    }

    private void note(String leadId, String phone, String kind, String detail, String actor) {
        customersLead(leadId, phone).ifPresent(lead -> leads.activity(lead.id(), kind, detail, actor));
    }

    // the lead, when phone is its customer's: not when an agent answers a notice sent to them
    private Optional<Lead> customersLead(String leadId, String phone) {
        return leads.find(leadId).filter(lead -> phone != null && phone.equals(lead.phone()));
    }

    private static String words(String channel) {
        return Channel.WHATSAPP.wire().equals(channel) ? "WhatsApp" : "SMS";
    }
}
