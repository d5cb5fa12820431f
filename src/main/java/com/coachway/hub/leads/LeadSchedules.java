package com.coachway.hub.leads;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The lead schedules, each run by the clustered Quartz store (once per cluster): the contact SLA, which moves a lead
 * still {@code new} after {@code hub.leads.contact-sla} to the next agent once, the assignment of leads that found no
 * free agent when they came, and the midnight reset of the agents' daily caps.
 */
@Component
class LeadSchedules {

    static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(LeadSchedules.class);

    private final LeadStore leads;
    private final AssignmentRuleStore rules;
    private final LeadAssigner assigner;
    private final ApplicationEventPublisher events;
    private final LeadsProperties properties;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final LeadNotices notices;

    LeadSchedules(LeadStore leads, AssignmentRuleStore rules, LeadAssigner assigner, ApplicationEventPublisher events,
            LeadsProperties properties, TransactionTemplate transactions, MeterRegistry meters, LeadNotices notices) {
        this.leads = leads;
        this.rules = rules;
        this.assigner = assigner;
        this.events = events;
        this.properties = properties;
        this.transactions = transactions;
        this.meters = meters;
        this.notices = notices;
    }

    /** Reassigns every overdue lead once; returns how many leads were looked at. */
    public int reassignOverdue() {
        int total = 0;
        int handled;
        do {
            handled = transactions.execute(tx -> {
                List<String> overdue = leads.claimOverdue(Instant.now().minus(properties.contactSla()), BATCH);
                overdue.forEach(this::reassign);
                return overdue.size();
            });
            total += handled;
        } while (handled == BATCH);
        return total;
    }

    private void reassign(String id) {
        Lead lead = leads.lock(id).orElseThrow();
        AssignmentRule previous = rules.findByAgent(lead.assignedAgentId()).orElse(null);
        Optional<AssignmentRule> next = assigner.next(lead.assignedAgentId());
        String sla = properties.contactWithin();
        if (next.isEmpty()) {
            // the SLA is spent either way, so the job does not look at the lead again
            String why = assigner.whyNone(lead.assignedAgentId());
            if (previous != null && previous.isActive()) {
                // it stays with its agent, who is reminded
                leads.markSlaMissed(id);
                notices.overdue(lead, previous, why);
                leads.activity(id, "reassignment_skipped", "not contacted within " + sla + "; " + why
                        + ", so it stays with " + name(previous, lead) + ", who was reminded", "hub");
            } else {
                // its agent was made inactive since: a reminder would reach nobody who works it, so it waits for the
                // first agent free, as a lead nobody could take does, and ops hear of it
                leads.release(id);
                String gone = "not contacted within " + sla + " by " + name(previous, lead)
                        + ", who no longer takes leads, and " + why;
                boolean alerted = notices.unassigned(lead, "it was " + gone);
                leads.activity(id, "unassigned", gone + ", so it waits for the first agent free"
                        + (alerted ? "; ops alerted" : "; no ops contact set"), "hub");
            }
            meters.counter("hub.leads.sla", "outcome", "no_agent").increment();
            return;
        }
        AssignmentRule agent = next.get();
        leads.assign(id, agent.agentId(), true);
        leads.activity(id, "reassigned", "not contacted within " + sla + ": moved from " + name(previous, lead)
                + " to " + agent.agentName() + " (" + agent.agentId() + ")", "hub");
        Lead moved = leads.find(id).orElseThrow();
        events.publishEvent(new LeadAssigned(moved, agent, previous, true, null));
        meters.counter("hub.leads.sla", "outcome", "reassigned").increment();
        log.info("Lead {} not contacted within {}: reassigned from {} to {}", id, sla, lead.assignedAgentId(),
                agent.agentId());
    }

    /**
     * Gives the leads nobody could take when they came to agents as they become free (one added or made active, a cap
     * raised, a new day), oldest first; stops at the first lead nobody can take, so the rest wait as they were.
     * Returns how many were assigned.
     */
    public int assignWaiting() {
        int total = 0;
        int assigned;
        do {
            assigned = transactions.execute(tx -> assignInTurn(leads.claimWaiting(BATCH)));
            total += assigned;
        } while (assigned == BATCH);
        return total;
    }

    // in the order given, until nobody is free; returns how many were assigned
    private int assignInTurn(List<String> waiting) {
        int done = 0;
        for (String id : waiting) {
            Optional<AssignmentRule> agent = assigner.next(null);
            if (agent.isEmpty()) {
                break;
            }
            leads.assign(id, agent.get().agentId(), false);
            leads.activity(id, "assigned", LeadIntake.assignedBy(agent.get()) + ", once an agent was free", "hub");
            Lead lead = leads.find(id).orElseThrow();
            events.publishEvent(new LeadAssigned(lead, agent.get(), null, false, null));
            meters.counter("hub.leads.waited").increment(); // given an agent after waiting for one
            log.info("Lead {} waited since {} for a free agent: assigned to {}", id, lead.createdAt(),
                    agent.get().agentId());
            done++;
        }
        return done;
    }

    /** The midnight job: every agent's count for the new day starts at zero. */
    public int resetCaps() {
        LocalDate today = LocalDate.now(properties.zone());
        int reset = rules.resetCaps(today);
        log.info("Daily lead caps reset for {} ({} agents)", today, reset);
        return reset;
    }

    private static String name(AssignmentRule rule, Lead lead) {
        return rule == null ? lead.assignedAgentId() : rule.agentName() + " (" + rule.agentId() + ")";
    }
}
