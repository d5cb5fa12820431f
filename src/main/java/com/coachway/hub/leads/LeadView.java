package com.coachway.hub.leads;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A lead as the API shows it (API.md §5).
 *
 * @param reassigned whether the contact SLA moved it to another agent
 * @param slaMissed whether it was still {@code new} when its contact SLA passed (moved, kept by its agent with nobody
 *            else free, or released to wait)
 * @param duplicate on intake: whether this is an open lead the new one duplicated
 * @param activities on a single read: everything that happened to it
 */
record LeadView(String id, String firstName, String lastName, String email, String phone, String source,
        String tripDetails, Integer estimatedPassengers, LocalDate estimatedTripDate, String pickupLocation,
        String dropoffLocation, String status, String assignedAgentId, Instant assignedAt, boolean reassigned,
        boolean slaMissed, Instant createdAt, Instant updatedAt, Boolean duplicate, List<LeadActivity> activities) {

    static LeadView of(Lead lead, Boolean duplicate, List<LeadActivity> activities) {
        return new LeadView(lead.id(), lead.firstName(), lead.lastName(), lead.email(), lead.phone(), lead.source(),
                lead.tripDetails(), lead.estimatedPassengers(), lead.estimatedTripDate(), lead.pickupLocation(),
                lead.dropoffLocation(), lead.status(), lead.assignedAgentId(), lead.assignedAt(), lead.reassigned(),
                lead.slaMissed(), lead.createdAt(), lead.updatedAt(), duplicate, activities);
    }
}
