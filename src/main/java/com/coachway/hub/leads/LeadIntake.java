package com.coachway.hub.leads;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.consent.Masking;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Takes a valid lead in, whether it came over HTTP or as a {@code lead.created} event: dedupe against open leads,
 * store, assign, tell the agent and the customer (or ops, when nobody can take it). One transaction: the lead, its
 * activities, its assignment and its notifications are all there, or none is.
 */
@Component
class LeadIntake {

    private static final Logger log = LoggerFactory.getLogger(LeadIntake.class);

    private final LeadValidator validator;
    private final LeadStore leads;
    private final LeadAssigner assigner;
    private final LeadNotices notices;
    private final AssignmentRuleStore rules;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    LeadIntake(LeadValidator validator, LeadStore leads, LeadAssigner assigner, LeadNotices notices,
            AssignmentRuleStore rules, ApplicationEventPublisher events, TransactionTemplate transactions,
            MeterRegistry meters) {
        this.validator = validator;
        this.leads = leads;
        this.assigner = assigner;
        this.notices = notices;
        this.rules = rules;
        this.events = events;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Writes into an open lead what a repeat enquiry tells and it lacks (a phone lead's first email, a trip date), so
     * the agent can reach the customer the way they asked again; returns the lead as it is now. An email or phone
     * another open lead has stays out: a later enquiry could not tell the two apart.
     */
    private Lead fillIn(Lead lead, LeadDraft draft) {
        LeadAmendment adding = LeadAmendment.fillingIn(lead, draft);
        Set<String> fields = new HashSet<>(adding.fields());
        if (fields.contains(LeadAmendment.Detail.EMAIL.wire())
                && leads.openDuplicate(draft.email(), null, lead.id()).isPresent()) {
            fields.remove(LeadAmendment.Detail.EMAIL.wire());
        }
        if (fields.contains(LeadAmendment.Detail.PHONE.wire())
                && leads.openDuplicate(null, draft.phone(), lead.id()).isPresent()) {
            fields.remove(LeadAmendment.Detail.PHONE.wire());
        }
        Lead filled = adding.only(fields).applyTo(lead);
        if (LeadAmendment.changes(lead, filled).isEmpty()) {
            return lead;
        }
        leads.details(filled);
        return leads.find(lead.id()).orElseThrow();
    }

    /**
     * A repeat enquiry for an open lead: what it tells that the lead lacks is added, what it tells otherwise is kept in
     * the activity, and the lead's agent hears of both, or ops when no agent has it yet: the customer is waiting
     * (nobody hears of a repeat that says nothing new).
     */
    private Lead repeated(Lead existing, LeadDraft draft, String actor, String via) {
        boolean open = LeadStatus.isOpen(existing.status());
        Lead lead = open ? fillIn(existing, draft) : existing;
        RepeatEnquiry repeat = open ? RepeatEnquiry.of(existing, lead, draft) : new RepeatEnquiry(List.of());
        leads.activity(lead.id(), "duplicate",
                "the same customer asked again (" + via + ", source " + draft.source() + ")" + repeat.activity(),
                actor);
        if (repeat.isEmpty()) {
            return lead;
        }
        if (lead.assignedAgentId() == null) {
            notices.askedAgainUnassigned(lead, draft.source(), repeat);
        } else {
            rules.findByAgent(lead.assignedAgentId())
                    .filter(AssignmentRule::isActive)
                    .ifPresent(agent -> notices.askedAgain(lead, agent, draft.source(), repeat));
        }
        return lead;
    }

    /** The activity of a lead the round-robin gave to {@code agent}. */
    static String assignedBy(AssignmentRule agent) {
        return "assigned to " + agent.agentName() + " (" + agent.agentId() + ") by weighted round-robin";
    }

    /**
     * What intake did.
     *
     * @param lead the new lead, or the open lead it duplicated
     * @param duplicate whether it was a duplicate
     */
    public record Outcome(Lead lead, boolean duplicate) {
    }

    /**
     * Checks a submission and takes it in. An invalid lead is a 400 listing every field over HTTP, and poison (parked
     * at once, with the same list as its reason) when it came as an event: retrying cannot make it valid.
     */
    public Outcome take(LeadSubmission submission) {
        LeadValidator.Checked checked = validator.check(submission.json());
        if (!checked.errors().isEmpty()) {
            meters.counter("hub.leads.intake", "via", submission.via(), "outcome", "invalid").increment();
            if (LeadSubmission.EVENT.equals(submission.via())) {
                throw new PermanentFailure("invalid lead: " + checked.errors().stream()
                        .map(e -> e.field() + " " + e.message())
                        .collect(Collectors.joining("; ")));
            }
            throw ProblemException.badRequest("The lead is not valid; every problem is listed", checked.errors());
        }
        return take(checked.draft(), submission.originKey(), submission.actor(), submission.via());
    }

    /**
     * Takes a valid lead in.
     *
     * @param draft the valid lead
     * @param originKey for an event, its work message id (a redelivery finds the lead it made); null over HTTP
     * @param actor who sent it
     * @param via {@code api} or {@code event}
     */
    Outcome take(LeadDraft draft, String originKey, String actor, String via) {
        Outcome outcome = transactions.execute(tx -> {
            if (originKey != null) {
                Optional<Lead> made = leads.findByOrigin(originKey);
                if (made.isPresent()) {
                    return new Outcome(made.get(), false); // a redelivery: done before, nothing more to do
                }
            }
            leads.lockContact(draft.email(), draft.phone());
            Optional<Lead> open = leads.openDuplicate(draft.email(), draft.phone());
            if (open.isPresent()) {
                // locked as a PATCH locks it, so neither writes over what the other changed
                Lead existing = leads.lock(open.get().id()).orElseThrow();
                return new Outcome(repeated(existing, draft, actor, via), true);
            }
            Lead lead = leads.insert(draft, originKey, actor);
            leads.activity(lead.id(), "created", "received via " + via + " from source " + draft.source(), actor);
            Optional<AssignmentRule> agent = assigner.next(null);
            if (agent.isPresent()) {
                leads.assign(lead.id(), agent.get().agentId(), false);
                leads.activity(lead.id(), "assigned", assignedBy(agent.get()), "hub");
                lead = leads.find(lead.id()).orElseThrow();
                events.publishEvent(new LeadAssigned(lead, agent.get(), null, false, null));
            } else {
                String why = assigner.whyNone(null);
                boolean alerted = notices.unassigned(lead, why);
                leads.activity(lead.id(), "unassigned", why + (alerted ? "; ops alerted" : "; no ops contact set"),
                        "hub");
            }
            notices.acknowledged(lead, agent.orElse(null));
            return new Outcome(lead, false);
        });
        meters.counter("hub.leads.intake", "via", via, "outcome", outcome.duplicate() ? "duplicate" : "new")
                .increment();
        if (!outcome.duplicate()) {
            Lead lead = outcome.lead();
            log.info("Lead {} taken in via {}{}, {}", lead.id(), via,
                    lead.estimatedPassengers() == null ? "" : " (" + lead.estimatedPassengers() + " passengers)",
                    lead.assignedAgentId() == null ? "no agent eligible" : "assigned to " + lead.assignedAgentId());
        } else {
            log.info("Lead from {} is a duplicate of open lead {}", Masking.address(
                    draft.email() != null ? draft.email() : draft.phone()), outcome.lead().id());
        }
        return outcome;
    }
}
