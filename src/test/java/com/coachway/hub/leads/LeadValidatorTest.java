package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.Validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentProperties;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class LeadValidatorTest {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    final ObjectMapper json = new ObjectMapper();
    final LeadValidator validator = new LeadValidator(
            new Addresses(new ConsentProperties("US", "help", "stopped", List.of(), "no offers")),
            new LeadsProperties(ZONE, Duration.ofMinutes(30), 40, new LeadsProperties.OpsContact("ops", null, null),
                    Duration.ofMinutes(1)),
            new RequestBodies(Validation.buildDefaultValidatorFactory().getValidator()));

    ObjectNode valid() {
        ObjectNode lead = json.createObjectNode();
        lead.put("first_name", " Maria ");
        lead.put("last_name", "Lopez");
        lead.put("email", "  Maria.Lopez@Example.COM ");
        lead.put("phone", "(617) 555-0142");
        lead.put("source", "web");
        lead.put("trip_details", "Choir trip");
        lead.put("estimated_passengers", 52);
        lead.put("estimated_trip_date", LocalDate.now(ZONE).plusDays(10).toString());
        lead.put("pickup_location", "Hartford, CT");
        lead.put("dropoff_location", "Washington, DC");
        return lead;
    }

    @Test
    void aValidLeadIsNormalised() {
        LeadValidator.Checked checked = validator.check(valid());

        assertThat(checked.errors()).isEmpty();
        LeadDraft draft = checked.draft();
        assertThat(draft.firstName()).isEqualTo("Maria");
        assertThat(draft.email()).isEqualTo("maria.lopez@example.com");
        assertThat(draft.phone()).isEqualTo("+16175550142");
        assertThat(draft.estimatedPassengers()).isEqualTo(52);
    }

    @Test
    void todayIsNotInThePast() {
        ObjectNode lead = valid();
        lead.put("estimated_trip_date", LocalDate.now(ZONE).toString());
        assertThat(validator.check(lead).errors()).isEmpty();
    }

    @Test
    void onePhoneOrEmailIsEnough() {
        ObjectNode lead = valid();
        lead.remove("email");
        assertThat(validator.check(lead).errors()).isEmpty();
        lead = valid();
        lead.remove("phone");
        assertThat(validator.check(lead).errors()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "first_name|null", "first_name|\"\"", "first_name|\"   \"", "first_name|42", "last_name|42",
            "email|\"not-an-email\"", "email|\"a@b\"", "email|\"x@example.com, y@example.com\"", "email|[]",
            "phone|\"12\"", "phone|\"call me\"", "phone|\"555\"",
            "source|\"tv\"", "source|\"WEB\"", "source|null",
            "estimated_passengers|0", "estimated_passengers|-3", "estimated_passengers|2.5",
            "estimated_passengers|\"40\"", "estimated_passengers|99999999999",
            "estimated_passengers|10001",
            "estimated_trip_date|\"2020-01-01\"", "estimated_trip_date|\"next friday\"",
            "estimated_trip_date|\"2026-02-30\"", "estimated_trip_date|\"2026-6-1\"",
            "estimated_trip_date|\"9999-01-01\"", "estimated_trip_date|20260601",
            "pickup_location|\"a\\u0000b\"", "trip_details|{}"})
    void eachInvalidFieldIsNamed(String field, String value) throws Exception {
        ObjectNode lead = valid();
        lead.set(field, json.readTree(value));

        LeadValidator.Checked checked = validator.check(lead);

        assertThat(checked.draft()).isNull();
        assertThat(checked.errors()).extracting(FieldError::field).containsExactly(field);
    }

    @Test
    void withoutAnyContactTheEmailIsAskedFor() {
        ObjectNode lead = valid();
        lead.remove("email");
        lead.remove("phone");

        assertThat(validator.check(lead).errors()).extracting(FieldError::field).containsExactly("email");
    }

    @Test
    void everyProblemIsListedAtOnce() throws Exception {
        JsonNode lead = json.readTree("{\"estimated_passengers\":0}");

        assertThat(validator.check(lead).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("first_name", "email", "source", "estimated_passengers");
    }

    @Test
    void aFirstNameASourceAndAPhoneAreEnough() throws Exception {
        // a phone lead often has no date or head count yet (API.md §5)
        LeadValidator.Checked checked = validator.check(json.readTree("""
                {"first_name":"Maria","source":"phone","phone":"(617) 555-0142"}"""));

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.draft().estimatedTripDate()).isNull();
        assertThat(checked.draft().estimatedPassengers()).isNull();
        assertThat(checked.draft().lastName()).isNull();
    }

    @Test
    void overlongTextIsRefused() {
        ObjectNode lead = valid();
        lead.put("trip_details", "x".repeat(LeadValidator.MAX_DETAILS + 1));
        lead.put("last_name", "y".repeat(LeadValidator.MAX_NAME + 1));

        assertThat(validator.check(lead).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("trip_details", "last_name");
    }

    @Test
    void notAnObjectIsRefused() throws Exception {
        assertThat(validator.check(json.readTree("[1,2]")).errors()).extracting(FieldError::field)
                .containsExactly("body");
    }
}
