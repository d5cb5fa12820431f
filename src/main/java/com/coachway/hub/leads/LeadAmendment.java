package com.coachway.hub.leads;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a {@code PATCH} changes of a lead's details as a call tells the agent more: the customer's name, and the trip a
 * phone lead often had no date or size for yet. Email and phone stay as they came: they are how a repeat enquiry finds
 * its lead.
 *
 * @param fields the fields the PATCH names, by their API names; a field named with null clears it (not first_name)
 */
record LeadAmendment(Set<String> fields, String firstName, String lastName, String tripDetails,
        Integer estimatedPassengers, LocalDate estimatedTripDate, String pickupLocation, String dropoffLocation) {

    /** The detail fields a PATCH may change, by their API names, as they are shown and compared. */
    enum Detail {
        FIRST_NAME("first_name", Lead::firstName), LAST_NAME("last_name", Lead::lastName), TRIP_DETAILS("trip_details",
                Lead::tripDetails), ESTIMATED_PASSENGERS("estimated_passengers",
                        Lead::estimatedPassengers), ESTIMATED_TRIP_DATE("estimated_trip_date",
                                Lead::estimatedTripDate), PICKUP_LOCATION("pickup_location",
                                        Lead::pickupLocation), DROPOFF_LOCATION("dropoff_location",
                                                Lead::dropoffLocation);

        static final List<String> NAMES = Arrays.stream(values()).map(d -> d.wire).toList();

        private final String wire;
        private final Function<Lead, Object> read;

        Detail(String wire, Function<Lead, Object> read) {
            this.wire = wire;
            this.read = read;
        }
    }

    private static final int SHOWN = 60;

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The lead as this amendment leaves it. */
    Lead applyTo(Lead lead) {
        return new Lead(lead.id(), pick(Detail.FIRST_NAME, firstName, lead.firstName()),
                pick(Detail.LAST_NAME, lastName, lead.lastName()), lead.email(), lead.phone(), lead.source(),
                pick(Detail.TRIP_DETAILS, tripDetails, lead.tripDetails()),
                pick(Detail.ESTIMATED_PASSENGERS, estimatedPassengers, lead.estimatedPassengers()),
                pick(Detail.ESTIMATED_TRIP_DATE, estimatedTripDate, lead.estimatedTripDate()),
                pick(Detail.PICKUP_LOCATION, pickupLocation, lead.pickupLocation()),
                pick(Detail.DROPOFF_LOCATION, dropoffLocation, lead.dropoffLocation()), lead.status(),
                lead.assignedAgentId(), lead.assignedAt(), lead.reassigned(), lead.createdAt(), lead.updatedAt());
    }

    private <T> T pick(Detail detail, T given, T stored) {
        return fields.contains(detail.wire) ? given : stored;
    }

    /** What changed from {@code before} to {@code after}, one "field: old → new" each; empty when nothing did. */
    static List<String> changes(Lead before, Lead after) {
        List<String> changes = new ArrayList<>();
        for (Detail detail : Detail.values()) {
            Object was = detail.read.apply(before);
            Object now = detail.read.apply(after);
            if (!Objects.equals(was, now)) {
                changes.add(detail.wire + ": " + shown(was) + " → " + shown(now));
            }
        }
        return changes;
    }

    private static String shown(Object value) {
        if (value == null) {
            return "none";
        }
        String text = value.toString().strip().replaceAll("\\s+", " ");
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }
}
