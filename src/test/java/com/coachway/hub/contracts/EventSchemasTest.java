package com.coachway.hub.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shipped schemas of API.md §2a, and what a caller reads when their data does not fit. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Addresses ADDRESSES = new Addresses(new ConsentProperties("US", "help"));
    private static final EventSchemas SHIPPED = new EventSchemas(new SchemaProperties(Path.of("config/schemas")),
            ADDRESSES, JSON);

    @TempDir
    Path dir;

    @Test
    void everyTypeOfTheContractHasASchema() {
        assertThat(SHIPPED.types()).contains("charter.quote.sent", "charter.confirmed", "charter.split",
                "charter.cancelled", "charter.rescheduled", "trip.reminder", "trip.delayed", "trip.completed",
                "feedback.received", "payment.received", "payment.due", "dispatch.recovery.contact_attempted",
                "dispatch.recovery.escalated", "vendor.bid.requested", "vendor.bid.accepted", "vendor.bid.rejected",
                "vendor.compliance.expiring", "change.case.created", "change.case.under_review",
                "change.case.approved", "change.case.rejected", "change.case.implemented", "change.case.cancelled",
                "marketing.campaign", "lead.created");
    }

    @Test
    void everyMissingOrMistypedFieldIsNamedByItsPath() {
        List<FieldError> errors = SHIPPED.validate("payment.received",
                json("{\"amount\":\"a lot\",\"client\":{\"name\":\"\"},\"receipt_url\":\"javascript:alert(1)\"}"));

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("data.amount", "data.client",
                "data.client.name", "data.receipt_url");
        assertThat(errors).filteredOn(e -> e.field().equals("data.receipt_url")).extracting(FieldError::message)
                .containsExactly("must be an absolute http or https URL");
        assertThat(errors).filteredOn(e -> e.field().equals("data.client")).extracting(FieldError::message)
                .containsExactly("needs at least one of email, phone");
        assertThat(SHIPPED.validate("charter.confirmed", json("{}"))).extracting(FieldError::field)
                .containsExactly("data.charter_id", "data.client");
        assertThat(SHIPPED.validate("charter.confirmed", null)).extracting(FieldError::field)
                .containsExactly("data");
    }

    @Test
    void aNameOfSpacesIsNoName() {
        // it would greet the client "Hi    ,"
        for (String name : List.of("", "   ", "\t\n")) {
            assertThat(SHIPPED.validate("trip.reminder",
                    json("{\"client\":{\"name\":" + JSON.valueToTree(name)
                            + ",\"phone\":\"617 555 0142\"},\"driver\":{\"name\":\" \"}}")))
                    .as(name).containsExactlyInAnyOrder(new FieldError("data.client.name", "must not be blank"),
                            new FieldError("data.driver.name", "must not be blank"));
        }
        assertThat(SHIPPED.validate("trip.reminder",
                json("{\"client\":{\"name\":\" Ana \",\"phone\":\"617 555 0142\"}}")))
                .isEmpty();
    }

    @Test
    void aRecipientsTimeZoneIsOneJavaKnows() {
        String trip = "{\"eta\":\"2027-01-15T13:40:00Z\",\"client\":{\"name\":\"Ana\",\"phone\":\"617 555 0142\","
                + "\"timezone\":\"%s\"}}";

        assertThat(SHIPPED.validate("trip.delayed", json(trip.formatted("Europe/Madrid")))).isEmpty();
        assertThat(SHIPPED.validate("trip.delayed", json(trip.formatted("Mars/Olympus"))))
                .containsExactly(new FieldError("data.client.timezone",
                        "must be an IANA time zone such as America/New_York"));
    }

    @Test
    void aRecipientsPhoneIsOneTheHubCanSendTo() {
        String reminder = "{\"client\":{\"name\":\"Ana\",\"phone\":\"%s\",\"email\":\"ana@example.com\"}}";

        for (String phone : List.of("(617) 555-0142", "+1 617 555 0142", "+44 20 7946 0958", "whatsapp:+16175550142")) {
            assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted(phone)))).as(phone).isEmpty();
        }
        // read as the sender meant it, it would only end "blocked: no_address" after a 202
        for (String phone : List.of("+1 555", "12", "call me", "+999 123 456 789")) {
            assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted(phone)))).as(phone)
                    .containsExactly(new FieldError("data.client.phone", "must be a phone number, such as +1 617 555 "
                            + "0142 (without a country code, one of hub.consent.default-region)"));
        }
    }

    @Test
    void listItemsAreNamedWithTheirIndex() {
        assertThat(SHIPPED.validate("marketing.campaign",
                json("{\"template\":\"seasonal_offer\",\"recipients\":[{\"name\":\"A\",\"email\":\"a@example.com\"},"
                        + "{\"email\":\"b@example.com\"}]}")))
                .extracting(FieldError::field).containsExactly("data.recipients[1].name");
    }

    @Test
    void theRequiredFieldsAloneFitAndTypesWithoutASchemaAreTakenAsTheyAre() {
        assertThat(
                SHIPPED.validate("trip.reminder", json("{\"client\":{\"name\":\"Ana\",\"phone\":\"617 555 0142\"}}")))
                .isEmpty();
        assertThat(SHIPPED.validate("lead.converted", json("{\"anything\":true}"))).isEmpty();
    }

    @Test
    void requiredPathsFollowSharedPartsAndListItems() {
        assertThat(SHIPPED.requiredPaths("vendor.bid.accepted")).containsExactlyInAnyOrder("bid_id", "vendor",
                "vendor.name");
        assertThat(SHIPPED.requiredPaths("charter.split")).contains("legs[].charter_id", "client.name");
        assertThat(SHIPPED.requiredPaths("trip.reminder")).doesNotContain("charter_id", "trip.date");
    }

    @Test
    void aServedSchemaEmbedsTheSharedPartsItUses() {
        JsonNode schema = SHIPPED.document("charter.confirmed").orElseThrow();
        assertThat(schema.get("$defs").has("common/recipient.json")).isTrue();
        assertThat(schema.get("$defs").get("common/recipient.json").get("$id").asText())
                .isEqualTo(EventSchemas.BASE + "common/recipient.json");
    }

    @Test
    void aSchemaFileWithAMistakeStopsStartUpNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("charter.confirmed.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://schemas.coachway.example/events/charter.confirmed.json",
                 "type": "object", "required": "charter_id"}
                """);
        assertThatThrownBy(() -> new EventSchemas(new SchemaProperties(dir), ADDRESSES, JSON))
                .hasMessageContaining("charter.confirmed.json").hasMessageContaining("not a valid JSON Schema");

        Files.writeString(dir.resolve("charter.confirmed.json"), "{\"type\": ");
        assertThatThrownBy(() -> new EventSchemas(new SchemaProperties(dir), ADDRESSES, JSON))
                .hasMessageContaining("charter.confirmed.json").hasMessageContaining("not JSON");

        Files.writeString(dir.resolve("charter.confirmed.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://schemas.coachway.example/events/charter.confirmed.json",
                 "properties": {"client": {"$ref": "common/missing.json"}}}
                """);
        assertThatThrownBy(() -> new EventSchemas(new SchemaProperties(dir), ADDRESSES, JSON))
                .hasMessageContaining("charter.confirmed.json");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
