package com.coachway.hub.leads;

import java.util.Optional;

import org.springframework.stereotype.Component;

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
     */
    public record Handler(String leadId, String leadStatus, String name, String email) {
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
        return leads.find(leadId)
                .filter(lead -> !LeadStatus.DEAD.equals(lead.status()) && phone != null
                        && phone.equals(lead.phone()) && lead.assignedAgentId() != null)
                .flatMap(lead -> rules.findByAgent(lead.assignedAgentId())
                        .filter(agent -> agent.isActive() && notices.emailReaches(agent))
                        .map(agent -> new Handler(lead.id(), lead.status(), agent.agentName(), agent.agentEmail())));
    }
}
