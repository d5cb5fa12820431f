package com.coachway.hub.leads;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Chooses the agent for a lead: smooth weighted round-robin over the active agents still under today's cap. Runs
 * inside the caller's transaction with every active rule locked, so concurrent assignments on any instance queue up
 * behind each other instead of both taking an agent's last slot.
 */
@Component
class LeadAssigner {

    private final AssignmentRuleStore rules;
    private final LeadsProperties properties;

    LeadAssigner(AssignmentRuleStore rules, LeadsProperties properties) {
        this.rules = rules;
        this.properties = properties;
    }

    /** Takes a slot from the next agent in turn (other than {@code excludedAgentId}), or empty when none is free. */
    Optional<AssignmentRule> next(String excludedAgentId) {
        LocalDate today = LocalDate.now(properties.zone());
        List<AssignmentRule> eligible = rules.lockActive().stream()
                .filter(rule -> !rule.agentId().equals(excludedAgentId))
                .filter(rule -> rule.takenOn(today) < rule.maxLeadsPerDay())
                .toList();
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        int[] weights = eligible.stream().mapToInt(AssignmentRule::weight).toArray();
        long[] scores = eligible.stream().mapToLong(AssignmentRule::currentWeight).toArray();
        int picked = SmoothRoundRobin.pick(weights, scores);
        for (int i = 0; i < eligible.size(); i++) {
            rules.score(eligible.get(i).id(), scores[i]);
        }
        AssignmentRule agent = eligible.get(picked);
        rules.countOne(agent.id(), today);
        return Optional.of(agent);
    }

    /**
     * Why {@link #next} found nobody, for the ops alert and the lead's activity: no agent at all is a set-up step
     * missing, a full cap a busy day, and each is fixed differently.
     */
    String whyNone(String excludedAgentId) {
        long active = rules.lockActive().stream().filter(rule -> !rule.agentId().equals(excludedAgentId)).count();
        if (active == 0) {
            return excludedAgentId == null
                    ? "there is no active agent (add one with POST /api/v1/assignment-rules)"
                    : "there is no other active agent";
        }
        return active == 1
                ? "the only " + (excludedAgentId == null ? "" : "other ") + "active agent has reached today's cap"
                : "all " + active + (excludedAgentId == null ? "" : " other")
                        + " active agents have reached today's cap";
    }

    /** Counts a lead an ops person gave to an agent by hand against the agent's cap for today. */
    void countManual(AssignmentRule agent) {
        rules.countOne(agent.id(), LocalDate.now(properties.zone()));
    }
}
