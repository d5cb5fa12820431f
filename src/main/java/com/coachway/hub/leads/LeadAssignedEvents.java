package com.coachway.hub.leads;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.coachway.hub.ingress.IngressEvent;
import com.coachway.hub.ingress.IngressService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Publishes {@code lead.assigned} after every assignment (API.md §2b, DESIGN.md), through the ingress ledger as the
 * hub's own source: recorded once per assignment, routed like any event, inside the transaction that assigned it.
 */
@Component
class LeadAssignedEvents {

    static final String TYPE = "lead.assigned";

    private final IngressService ingress;
    private final ObjectMapper json;

    LeadAssignedEvents(IngressService ingress, ObjectMapper json) {
        this.ingress = ingress;
        this.json = json;
    }

    @EventListener
    void assigned(LeadAssigned assigned) {
        Lead lead = assigned.lead();
        // one id per assignment: the lead and when it was given to this agent
        String id = TYPE + "/" + lead.id() + "/" + assigned.agent().agentId() + "/" + lead.assignedAt();
        ObjectNode data = json.createObjectNode();
        data.put("lead_id", lead.id());
        data.put("status", lead.status());
        ObjectNode agent = data.putObject("agent");
        agent.put("id", assigned.agent().agentId());
        agent.put("name", assigned.agent().agentName());
        agent.put("email", assigned.agent().agentEmail());
        if (assigned.previous() != null) {
            data.put("previous_agent_id", assigned.previous().agentId());
        }
        data.put("reassigned", assigned.previous() != null);
        data.put("sla_missed", assigned.slaMissed());
        ingress.raise(IngressEvent.fromHub(id, TYPE, "lead/" + lead.id(), data));
    }
}
