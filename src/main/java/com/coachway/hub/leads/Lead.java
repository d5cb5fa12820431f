package com.coachway.hub.leads;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A stored lead, as the API shows it.
 *
 * @param id lead id ({@code lead_…})
 * @param firstName first name
 * @param lastName last name
 * @param email normalised email, or null
 * @param phone E.164 phone, or null
 * @param source where it came from
 * @param tripDetails free text about the trip
 * @param estimatedPassengers passengers
 * @param estimatedTripDate trip date
 * @param pickupLocation where the trip starts
 * @param dropoffLocation where it ends
 * @param status new, contacted, qualified, negotiating, converted or dead
 * @param assignedAgentId the agent, or null while nobody could take it
 * @param assignedAt when it was (last) assigned
 * @param reassigned whether the contact SLA moved it to another agent
 * @param slaMissed whether it was still {@code new} when its contact SLA passed: the SLA acts on a lead once, moving
 *            it, leaving it with its agent (nobody else free) or releasing it (its agent no longer takes leads)
 * @param createdAt when it arrived
 * @param updatedAt when it last changed
 */
record Lead(String id, String firstName, String lastName, String email, String phone, String source,
        String tripDetails, Integer estimatedPassengers, LocalDate estimatedTripDate, String pickupLocation,
        String dropoffLocation, String status, String assignedAgentId, Instant assignedAt, boolean reassigned,
        boolean slaMissed, Instant createdAt, Instant updatedAt) {

    String fullName() {
        return lastName == null ? firstName : firstName + " " + lastName;
    }
}
