package com.coachway.hub.leads;

import java.time.LocalDate;

/**
 * A valid, normalised lead, before it is stored.
 *
 * @param firstName first name
 * @param lastName last name
 * @param email lower-cased email address, or null
 * @param phone E.164 phone number, or null
 * @param source web, phone, email, referral, walk_in or partner
 * @param tripDetails free text about the trip
 * @param estimatedPassengers more than zero
 * @param estimatedTripDate today or later, in {@code hub.leads.zone}
 * @param pickupLocation where the trip starts
 * @param dropoffLocation where it ends
 */
record LeadDraft(String firstName, String lastName, String email, String phone, String source, String tripDetails,
        Integer estimatedPassengers, LocalDate estimatedTripDate, String pickupLocation, String dropoffLocation) {
}
