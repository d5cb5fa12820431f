package com.coachway.hub.leads;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.coachway.hub.vocabulary.WireNames;

/**
 * What a {@code PATCH} changes of a lead's details as a call tells the agent more: the customer's name, an email or
 * phone learnt on the call (or one corrected), and the trip a phone lead often had no date or size for yet.
 *
 * @param fields the fields the PATCH names, by their API names; a field named with null clears it (not first_name)
 * @param email normalised, as a new lead's is
 * @param phone normalised (E.164), as a new lead's is
 */
record LeadAmendment(Set<String> fields, String firstName, String lastName, String email, String phone,
        String tripDetails, Integer estimatedPassengers, LocalDate estimatedTripDate, String pickupLocation,
        String dropoffLocation) {

    /** The detail of a 400 answering a PATCH. */
    static final String INVALID = "The change is not valid; every problem is listed";

    /** The detail fields a PATCH may change; their API names are their names in lower case. */
    enum Detail {
        // the customer
        FIRST_NAME, LAST_NAME, EMAIL, PHONE,
        // the trip
        TRIP_DETAILS, ESTIMATED_PASSENGERS, ESTIMATED_TRIP_DATE, PICKUP_LOCATION, DROPOFF_LOCATION;

        static final List<String> NAMES = WireNames.all(Detail.class);

        String wire() {
            return WireNames.of(this);
        }

        Object of(Lead lead) {
            return switch (this) {
                case FIRST_NAME -> lead.firstName();
                case LAST_NAME -> lead.lastName();
                case EMAIL -> lead.email();
                case PHONE -> lead.phone();
                case TRIP_DETAILS -> lead.tripDetails();
                case ESTIMATED_PASSENGERS -> lead.estimatedPassengers();
                case ESTIMATED_TRIP_DATE -> lead.estimatedTripDate();
                case PICKUP_LOCATION -> lead.pickupLocation();
                case DROPOFF_LOCATION -> lead.dropoffLocation();
            };
        }
    }

    private static final int SHOWN = 60;

    /**
     * What a repeat enquiry adds to the open lead it repeats: each detail the lead lacks and the enquiry gives (a
     * phone lead's email, the date a second form had), never one the lead has (the agent may have corrected it).
     */
    static LeadAmendment fillingIn(Lead lead, LeadDraft draft) {
        LeadAmendment offered = offered(draft);
        Lead given = offered.applyTo(lead);
        Set<String> missing = new HashSet<>();
        for (Detail detail : Detail.values()) {
            if (detail.of(lead) == null && detail.of(given) != null) {
                missing.add(detail.wire());
            }
        }
        return offered.only(missing);
    }

    /** {@code lead} with every detail as a repeat enquiry gives it (null where it gives none), to compare. */
    static Lead given(Lead lead, LeadDraft draft) {
        return offered(draft).applyTo(lead);
    }

    private static LeadAmendment offered(LeadDraft draft) {
        return new LeadAmendment(Set.copyOf(Detail.NAMES), draft.firstName(), draft.lastName(), draft.email(),
                draft.phone(), draft.tripDetails(), draft.estimatedPassengers(), draft.estimatedTripDate(),
                draft.pickupLocation(), draft.dropoffLocation());
    }

    /** This amendment with only {@code names} of its fields. */
    LeadAmendment only(Set<String> names) {
        Set<String> kept = new HashSet<>(fields);
        kept.retainAll(names);
        return new LeadAmendment(Set.copyOf(kept), firstName, lastName, email, phone, tripDetails,
                estimatedPassengers, estimatedTripDate, pickupLocation, dropoffLocation);
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The lead as this amendment leaves it. */
    Lead applyTo(Lead lead) {
        return new Lead(lead.id(), pick(Detail.FIRST_NAME, firstName, lead.firstName()),
                pick(Detail.LAST_NAME, lastName, lead.lastName()), pick(Detail.EMAIL, email, lead.email()),
                pick(Detail.PHONE, phone, lead.phone()), lead.source(),
                pick(Detail.TRIP_DETAILS, tripDetails, lead.tripDetails()),
                pick(Detail.ESTIMATED_PASSENGERS, estimatedPassengers, lead.estimatedPassengers()),
                pick(Detail.ESTIMATED_TRIP_DATE, estimatedTripDate, lead.estimatedTripDate()),
                pick(Detail.PICKUP_LOCATION, pickupLocation, lead.pickupLocation()),
                pick(Detail.DROPOFF_LOCATION, dropoffLocation, lead.dropoffLocation()), lead.status(),
                lead.assignedAgentId(), lead.assignedAt(), lead.reassigned(), lead.slaMissed(), lead.createdAt(),
                lead.updatedAt());
    }

    private <T> T pick(Detail detail, T given, T stored) {
        return fields.contains(detail.wire()) ? given : stored;
    }

    /** What changed from {@code before} to {@code after}, one "field: old → new" each; empty when nothing did. */
    static List<String> changes(Lead before, Lead after) {
        List<String> changes = new ArrayList<>();
        for (Detail detail : Detail.values()) {
            Object was = detail.of(before);
            Object now = detail.of(after);
            if (!Objects.equals(was, now)) {
                changes.add(detail.wire() + ": " + shown(was) + " → " + shown(now));
            }
        }
        return changes;
    }

    /** {@code value} on one line and at most 60 characters, or "none". */
    static String shown(Object value) {
        if (value == null) {
            return "none";
        }
        String text = value.toString().strip().replaceAll("\\s+", " ");
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }
}
