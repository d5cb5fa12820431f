package com.coachway.hub.leads;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An agent who takes leads, and how many.
 *
 * @param id rule id
 * @param agentId the agent's id in the sales system
 * @param agentName display name
 * @param agentEmail where lead notices go
 * @param agentPhone where lead notices go without an email, and high-value lead SMS
 * @param weight share of the leads, relative to the other active agents
 * @param maxLeadsPerDay daily cap
 * @param isActive whether the agent takes leads now
 * @param currentWeight the agent's running score in smooth weighted round-robin
 * @param assignedToday leads taken on {@code capDay}
 * @param capDay the day {@code assignedToday} counts, in {@code hub.leads.zone}
 * @param createdAt created
 * @param updatedAt last changed
 */
record AssignmentRule(long id, String agentId, String agentName, String agentEmail, String agentPhone, int weight,
        int maxLeadsPerDay, boolean isActive, long currentWeight, int assignedToday, LocalDate capDay,
        Instant createdAt, Instant updatedAt) {

    /** Leads taken on the given day: a count from an earlier day is zero, even before the midnight job ran. */
    int takenOn(LocalDate day) {
        return day.equals(capDay) ? assignedToday : 0;
    }
}
