package com.coachway.hub.leads;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.JsonFields;
import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks and normalises a lead as the API and the {@code lead.created} event carry it. Every problem is listed, each
 * naming its field; nothing is stored unless there are none.
 */
@Component
class LeadValidator {

    static final Set<String> SOURCES = Set.of("web", "phone", "email", "referral", "walk_in", "partner");
    static final int MAX_NAME = 100;
    static final int MAX_LOCATION = 300;
    static final int MAX_DETAILS = 4000;
    static final int MAX_PASSENGERS = 10_000;
    // a charter is booked months ahead, not decades: a year like 20260 is a typo
    static final int MAX_YEARS_AHEAD = 5;

    private final Addresses addresses;
    private final LeadsProperties properties;

    LeadValidator(Addresses addresses, LeadsProperties properties) {
        this.addresses = addresses;
        this.properties = properties;
    }

    /**
     * The outcome of a check.
     *
     * @param draft the normalised lead, when there were no errors
     * @param errors every problem found
     */
    record Checked(LeadDraft draft, List<FieldError> errors) {
    }

    Checked check(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            return new Checked(null, List.of(new FieldError("body", "must be a JSON object")));
        }
        String firstName = JsonFields.text(json, "first_name", MAX_NAME, true, errors);
        String lastName = JsonFields.text(json, "last_name", MAX_NAME, false, errors);
        String rawEmail = JsonFields.text(json, "email", 320, false, errors);
        String rawPhone = JsonFields.text(json, "phone", 64, false, errors);
        String email = null;
        String phone = null;
        if (rawEmail != null) {
            email = addresses.email(rawEmail).orElse(null);
            if (email == null) {
                errors.add(new FieldError("email", "is not a valid email address"));
            }
        }
        if (rawPhone != null) {
            phone = addresses.phone(rawPhone).orElse(null);
            if (phone == null) {
                errors.add(new FieldError("phone", "is not a valid phone number (write it with its country code, "
                        + "or as a number of " + addresses.defaultRegion() + ")"));
            }
        }
        if (rawEmail == null && rawPhone == null && !hasError(errors, "email") && !hasError(errors, "phone")) {
            errors.add(new FieldError("email", "an email or a phone is required, to reach the customer"));
        }
        String source = JsonFields.text(json, "source", 32, true, errors);
        if (source != null && !SOURCES.contains(source)) {
            errors.add(new FieldError("source", "must be one of web, phone, email, referral, walk_in, partner"));
        }
        String tripDetails = JsonFields.text(json, "trip_details", MAX_DETAILS, false, errors);
        Integer passengers = passengers(json, errors);
        LocalDate tripDate = tripDate(json, errors);
        String pickup = JsonFields.text(json, "pickup_location", MAX_LOCATION, false, errors);
        String dropoff = JsonFields.text(json, "dropoff_location", MAX_LOCATION, false, errors);
        if (!errors.isEmpty()) {
            return new Checked(null, List.copyOf(errors));
        }
        return new Checked(new LeadDraft(firstName, lastName, email, phone, source, tripDetails, passengers, tripDate,
                pickup, dropoff), List.of());
    }

    private static Integer passengers(JsonNode json, List<FieldError> errors) {
        JsonNode value = json.get("estimated_passengers");
        if (value == null || value.isNull()) {
            return null; // a phone lead often has no head count yet (API.md §5)
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new FieldError("estimated_passengers", "must be a whole number"));
            return null;
        }
        int passengers = value.intValue();
        if (passengers <= 0) {
            errors.add(new FieldError("estimated_passengers", "must be more than 0"));
            return null;
        }
        if (passengers > MAX_PASSENGERS) {
            errors.add(new FieldError("estimated_passengers", "must be at most " + MAX_PASSENGERS));
            return null;
        }
        return passengers;
    }

    private LocalDate tripDate(JsonNode json, List<FieldError> errors) {
        JsonNode value = json.get("estimated_trip_date");
        if (value == null || value.isNull()) {
            return null; // nor a date
        }
        LocalDate date;
        try {
            date = value.isTextual() && value.textValue().length() == 10 ? LocalDate.parse(value.textValue()) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            errors.add(new FieldError("estimated_trip_date", "must be a date written as YYYY-MM-DD"));
            return null;
        }
        LocalDate today = LocalDate.now(properties.zone());
        if (date.isBefore(today)) {
            errors.add(new FieldError("estimated_trip_date", "is in the past (today is " + today + " in "
                    + properties.zone() + ")"));
            return null;
        }
        if (date.isAfter(today.plusYears(MAX_YEARS_AHEAD))) {
            errors.add(new FieldError("estimated_trip_date", "is more than " + MAX_YEARS_AHEAD + " years ahead"));
            return null;
        }
        return date;
    }

    private static boolean hasError(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }
}
