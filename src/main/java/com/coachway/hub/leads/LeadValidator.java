package com.coachway.hub.leads;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.OneOf;
import com.coachway.hub.http.PlainText;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Checks and normalises a lead as the API and the {@code lead.created} event carry it. Every problem is listed, each
 * naming its field; nothing is stored unless there are none.
 */
@Component
class LeadValidator {

    /** The field named when what was sent is not a JSON object at all. */
    static final String BODY = "body";
    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 320;
    static final int MAX_PHONE = 64;
    static final int MAX_LOCATION = 300;
    static final int MAX_DETAILS = 4000;
    static final int MAX_PASSENGERS = 10_000;
    // a charter is booked months ahead, not decades: a year like 20260 is a typo
    static final int MAX_YEARS_AHEAD = 5;

    private final Addresses addresses;
    private final LeadsProperties properties;
    private final RequestBodies bodies;

    LeadValidator(Addresses addresses, LeadsProperties properties, RequestBodies bodies) {
        this.addresses = addresses;
        this.properties = properties;
        this.bodies = bodies;
    }

    /**
     * The outcome of a check.
     *
     * @param draft the normalised lead, when there were no errors
     * @param errors every problem found
     */
    record Checked(LeadDraft draft, List<FieldError> errors) {
    }

    /**
     * A lead as the API and the {@code lead.created} event write it (texts stripped, a blank one absent).
     */
    @Schema(name = "LeadBody")
    record LeadBody(
            @NotBlank(message = "is required") @Size(max = MAX_NAME) @PlainText String firstName,
            @Size(max = MAX_NAME) @PlainText String lastName,
            @Size(max = MAX_EMAIL) @PlainText String email,
            @Size(max = MAX_PHONE) @PlainText String phone,
            @NotBlank(message = "is required") @OneOf(LeadSource.class) String source,
            @Size(max = MAX_DETAILS) @PlainText String tripDetails,
            @Min(value = 1, message = MORE_THAN_0) @Max(value = MAX_PASSENGERS, message = AT_MOST_PASSENGERS) Long estimatedPassengers,
            @Pattern(regexp = DATE_PATTERN, message = DATE_FORMAT) String estimatedTripDate,
            @Size(max = MAX_LOCATION) @PlainText String pickupLocation,
            @Size(max = MAX_LOCATION) @PlainText String dropoffLocation) {
    }

    static final String DATE_PATTERN = "\\d{4}-\\d{2}-\\d{2}";
    static final String DATE_FORMAT = "must be a date written as YYYY-MM-DD";
    static final String MORE_THAN_0 = "must be more than 0";
    static final String AT_MOST_PASSENGERS = "must be at most " + MAX_PASSENGERS;

    Checked check(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new Checked(null, List.of(new FieldError(BODY, "must be a JSON object")));
        }
        RequestBodies.Checked<LeadBody> bound = bodies.check(json, LeadBody.class);
        LeadBody lead = bound.value();
        List<FieldError> errors = new ArrayList<>(bound.errors());
        String email = hasError(errors, "email") ? null : email(lead.email(), errors);
        String phone = hasError(errors, "phone") ? null : phone(lead.phone(), errors);
        if (lead.email() == null && lead.phone() == null && !bound.fails("email") && !bound.fails("phone")) {
            errors.add(new FieldError("email", "an email or a phone is required, to reach the customer"));
        }
        LocalDate tripDate = hasError(errors, "estimated_trip_date")
                ? null
                : tripDate(lead.estimatedTripDate(), errors);
        if (!errors.isEmpty()) {
            return new Checked(null, List.copyOf(errors));
        }
        return new Checked(new LeadDraft(lead.firstName(), lead.lastName(), email, phone, lead.source(),
                lead.tripDetails(), lead.estimatedPassengers() == null ? null : lead.estimatedPassengers().intValue(),
                tripDate, lead.pickupLocation(), lead.dropoffLocation()), List.of());
    }

    /** An email as a new lead's is normalised (lower case); null when absent, or not one (then an error says so). */
    String email(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        String email = addresses.email(text).orElse(null);
        if (email == null) {
            errors.add(new FieldError("email", Addresses.EMAIL_EXPECTED));
        }
        return email;
    }

    /** A phone as a new lead's is normalised (E.164); null when absent, or not one (then an error says so). */
    String phone(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        String phone = addresses.phone(text).orElse(null);
        if (phone == null) {
            errors.add(new FieldError("phone", addresses.phoneExpected()));
        }
        return phone;
    }

    /**
     * A customer's email or phone in any notation ({@code MARIA@example.com}, {@code (617) 555-0142}), normalised as a
     * lead's are, to find their leads; null when absent, or neither (then an error on {@code field} says so).
     */
    String contact(String text, String field, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        String contact = addresses.emailOrPhone(text).orElse(null);
        if (contact == null) {
            errors.add(new FieldError(field, Addresses.EMAIL_OR_PHONE_EXPECTED));
        }
        return contact;
    }

    /** A trip date as a new lead's is checked: written YYYY-MM-DD, not gone by, not years ahead; null when absent. */
    LocalDate tripDate(String text, List<FieldError> errors) {
        if (text == null) {
            return null; // a phone lead often has no date yet (API.md §5)
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("estimated_trip_date", DATE_FORMAT));
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
