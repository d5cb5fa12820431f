package com.coachway.hub.leads;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.ingress.IngressEvent;
import com.coachway.hub.ingress.IngressService;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What happens to a lead after intake: status moves (forward only, {@code dead} from anywhere), hand-assignment,
 * logged activities, and conversion, which raises {@code lead.converted} for the charter system in the same
 * transaction as the status change.
 */
@Component
class LeadLifecycle {

    static final String HUB_SOURCE = IngressEvent.HUB_SOURCE;
    private static final Logger log = LoggerFactory.getLogger(LeadLifecycle.class);

    private final LeadStore leads;
    private final AssignmentRuleStore rules;
    private final LeadAssigner assigner;
    private final ApplicationEventPublisher events;
    private final IngressService ingress;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;

    LeadLifecycle(LeadStore leads, AssignmentRuleStore rules, LeadAssigner assigner, ApplicationEventPublisher events,
            IngressService ingress, TransactionTemplate transactions, ObjectMapper json) {
        this.leads = leads;
        this.rules = rules;
        this.assigner = assigner;
        this.events = events;
        this.ingress = ingress;
        this.transactions = transactions;
        this.json = json;
    }

    /** Moves a lead to a status; moving to where it is already is a no-op, a backward move a 409. */
    Lead move(String id, String status, String actor) {
        if (LeadStatus.CONVERTED.equals(status)) {
            return convert(id, actor);
        }
        return transactions.execute(tx -> {
            Lead lead = locked(id);
            if (lead.status().equals(status)) {
                return lead;
            }
            requireMove(lead, status);
            leads.status(id, status);
            leads.activity(id, "status_changed", lead.status() + " → " + status, actor);
            return leads.find(id).orElseThrow();
        });
    }

    /**
     * Changes an open lead's details as a call told the agent more; the change is an activity saying what it was. A
     * converted lead's details went to the charter system with {@code lead.converted}, and are changed there. An email
     * or phone another open lead has is refused: a repeat enquiry could then not tell which lead it belongs to.
     */
    Lead amend(String id, LeadAmendment amendment, String actor) {
        return transactions.execute(tx -> {
            // the addresses before the row, as intake takes them: a lead created with them meanwhile is seen
            leads.lockContact(amendment.email(), amendment.phone());
            Lead lead = locked(id);
            if (!LeadStatus.isOpen(lead.status())) {
                throw new ProblemException(Problems.of(409, "lead-closed", "Lead closed", "Lead " + id + " is "
                        + lead.status() + "; only an open lead's details can be changed"
                        + (LeadStatus.CONVERTED.equals(lead.status())
                                ? " (they went to the charter system with lead.converted: change them there)"
                                : "")));
            }
            Lead amended = amendment.applyTo(lead);
            List<String> changes = LeadAmendment.changes(lead, amended);
            if (changes.isEmpty()) {
                return lead;
            }
            if (amended.email() == null && amended.phone() == null) {
                throw ProblemException.badRequest(LeadAmendment.INVALID, List.of(
                        new FieldError(lead.email() != null ? "email" : "phone",
                                "cannot be cleared: a lead keeps an email or a phone, to reach the customer")));
            }
            requireOwnContact(lead, amended);
            leads.details(amended);
            leads.activity(id, "details_changed", String.join("; ", changes), actor);
            return leads.find(id).orElseThrow();
        });
    }

    /** Gives a lead to an agent by hand; the agent is told as with any assignment. */
    Lead assign(String id, String agentId, String actor) {
        return transactions.execute(tx -> {
            Lead lead = locked(id);
            if (agentId.equals(lead.assignedAgentId())) {
                return lead;
            }
            if (!LeadStatus.isOpen(lead.status())) {
                throw conflict("Lead " + id + " is " + lead.status() + "; only open leads can be assigned");
            }
            AssignmentRule agent = rules.findByAgent(agentId).filter(AssignmentRule::isActive)
                    .orElseThrow(() -> ProblemException.badRequest("Unknown agent",
                            List.of(new FieldError("assigned_agent_id", "no active agent '" + agentId + "'"))));
            AssignmentRule previous = lead.assignedAgentId() == null
                    ? null
                    : rules.findByAgent(lead.assignedAgentId()).orElse(null);
            assigner.countManual(agent);
            leads.assign(id, agent.agentId(), false);
            leads.activity(id, "assigned", "assigned by hand to " + agent.agentName() + " (" + agent.agentId() + ")"
                    + (previous == null ? "" : ", was " + previous.agentName()), actor);
            Lead assigned = leads.find(id).orElseThrow();
            events.publishEvent(new LeadAssigned(assigned, agent, previous, false, actor));
            return assigned;
        });
    }

    /**
     * Converts a lead and raises {@code lead.converted} with its data. Converting a converted lead again changes
     * nothing (the event keeps its one id, so even a replay is a duplicate); a dead lead cannot be converted.
     */
    Lead convert(String id, String actor) {
        return transactions.execute(tx -> {
            Lead lead = locked(id);
            if (LeadStatus.CONVERTED.equals(lead.status())) {
                return lead;
            }
            requireMove(lead, LeadStatus.CONVERTED);
            leads.status(id, LeadStatus.CONVERTED);
            Lead converted = leads.find(id).orElseThrow();
            String eventId = "lead-converted-" + id;
            ingress.raise(new IngressEvent(HUB_SOURCE, eventId, "lead.converted", "lead/" + id,
                    OffsetDateTime.now(ZoneOffset.UTC), event(eventId, converted)));
            leads.activity(id, "converted", lead.status() + " → converted; lead.converted " + eventId
                    + " raised for the charter system", actor);
            log.info("Lead {} converted by {}", id, actor);
            return converted;
        });
    }

    /** Logs something a person did or learnt about a lead. */
    LeadActivity note(String id, String kind, String detail, String actor) {
        return transactions.execute(tx -> {
            locked(id);
            leads.activity(id, kind, detail, actor);
            List<LeadActivity> all = leads.activities(id);
            return all.get(all.size() - 1);
        });
    }

    Optional<Lead> find(String id) {
        return leads.find(id);
    }

    private String event(String eventId, Lead lead) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", HUB_SOURCE);
        event.put("type", "lead.converted");
        event.put("subject", "lead/" + lead.id());
        event.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("datacontenttype", "application/json");
        ObjectNode data = json.valueToTree(LeadView.of(lead, null, null));
        if (lead.assignedAgentId() != null) {
            rules.findByAgent(lead.assignedAgentId()).ifPresent(agent -> {
                ObjectNode node = data.putObject("agent");
                node.put("id", agent.agentId());
                node.put("name", agent.agentName());
                node.put("email", agent.agentEmail());
                node.put("phone", agent.agentPhone());
            });
        }
        event.set("data", data);
        return event.toString();
    }

    private void requireOwnContact(Lead lead, Lead amended) {
        String email = Objects.equals(lead.email(), amended.email()) ? null : amended.email();
        String phone = Objects.equals(lead.phone(), amended.phone()) ? null : amended.phone();
        if (email == null && phone == null) {
            return;
        }
        leads.openDuplicate(email, phone, lead.id()).ifPresent(other -> {
            String field = email != null && email.equals(other.email()) ? "email " + email : "phone " + phone;
            throw new ProblemException(Problems.of(409, "contact-of-another-lead", "Contact of another lead",
                    "Open lead " + other.id() + " (" + other.firstName() + ") has the " + field + "; a repeat enquiry "
                            + "could not tell the two apart. If they are one customer, keep one lead and set the "
                            + "other's status to dead."));
        });
    }

    private Lead locked(String id) {
        return leads.lock(id).orElseThrow(() -> notFound(id));
    }

    private static void requireMove(Lead lead, String status) {
        if (!LeadStatus.canMove(lead.status(), status)) {
            throw conflict("Lead " + lead.id() + " is " + lead.status() + " and cannot move to " + status
                    + ": statuses only move forward (new, contacted, qualified, negotiating, converted); dead is "
                    + "reachable from anywhere and final");
        }
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("lead", id);
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problems.of(409, "invalid-transition", "Invalid status change", detail));
    }
}
