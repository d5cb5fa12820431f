package com.coachway.hub.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.vocabulary.SendAt;
import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shipped schemas of API.md §2a, and what a caller reads when their data does not fit. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Addresses ADDRESSES = new Addresses(
            new ConsentProperties("US", "help", "stopped", List.of(), "no offers"));
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
        String trip = "{\"eta\":\"" + Instant.now().plus(Duration.ofHours(2))
                + "\",\"client\":{\"name\":\"Ana\",\"phone\":\"617 555 0142\","
                + "\"timezone\":\"%s\"}}";

        assertThat(SHIPPED.validate("trip.delayed", json(trip.formatted("Europe/Madrid")))).isEmpty();
        assertThat(SHIPPED.validate("trip.delayed", json(trip.formatted("Mars/Olympus"))))
                .containsExactly(new FieldError("data.client.timezone",
                        "must be an IANA time zone such as America/New_York"));
    }

    @Test
    void whatAMessageShowsAsItCameIsAnAmountACurrencyATimeOfDayOrALanguage() {
        // each was sent to the client word for word: "we received your payment of $$$ -450.00", "Pickup: 25:99"
        String payment = "{\"amount\":%s,\"currency\":\"%s\",\"client\":{\"name\":\"Ana\",\"email\":\"ana@example.com\"}}";
        String amount = "must be an amount like 450.00 (a number or a decimal string, not negative, below a trillion)";
        for (String good : List.of("\"450.00\"", "450", "1225.5", "\"0.5\"", "\"450.0000\"", "999999999999")) {
            assertThat(SHIPPED.validate("payment.received", json(payment.formatted(good, "USD")))).as(good).isEmpty();
        }
        for (String bad : List.of("\"-450.00\"", "-450", "1e308", "\"1e999\"", "\"2,450.00\"", "\"0.000000001\"",
                "\"12345678901234\"", "1000000000000")) {
            assertThat(SHIPPED.validate("payment.due", json(payment.formatted(bad, "EUR").replace("\"client\"",
                    "\"due_date\":\"2027-01-15\",\"client\"")))).as(bad)
                    .containsExactly(new FieldError("data.amount", amount));
        }
        for (String bad : List.of("$$$", "usd", "XYZ", "US")) {
            assertThat(SHIPPED.validate("payment.received", json(payment.formatted("450", bad)))).as(bad)
                    .containsExactly(new FieldError("data.currency",
                            "must be an ISO 4217 currency code such as USD or EUR"));
        }
        assertThat(SHIPPED.validate("charter.quote.sent", json("{\"charter_id\":186,\"quote\":{\"total\":\"-1\","
                + "\"currency\":\"dollars\"},\"client\":{\"name\":\"Ana\",\"email\":\"ana@example.com\"}}")))
                .extracting(FieldError::field).containsExactlyInAnyOrder("data.quote.total", "data.quote.currency");

        String confirmed = "{\"charter_id\":186,\"trip\":{\"pickup_time\":\"%s\"},"
                + "\"client\":{\"name\":\"Ana\",\"email\":\"ana@example.com\",\"locale\":\"%s\"}}";
        for (String time : List.of("08:30", "8:30", "20:15:00", "8:30 PM", "8 am", "11:45p.m.")) {
            assertThat(SHIPPED.validate("charter.confirmed", json(confirmed.formatted(time, "es-MX")))).as(time)
                    .isEmpty();
        }
        for (String time : List.of("25:99", "24:00", "8.30", "soon", "13:00 PM", "")) {
            assertThat(SHIPPED.validate("charter.confirmed", json(confirmed.formatted(time, "en")))).as(time)
                    .containsExactly(new FieldError("data.trip.pickup_time",
                            "must be a time of day such as 08:30 or 8:30 PM"));
        }
        for (String locale : List.of("xx-invalid-locale-!!", "en_US", "en US", "1234")) {
            assertThat(SHIPPED.validate("charter.confirmed", json(confirmed.formatted("08:30", locale)))).as(locale)
                    .containsExactly(
                            new FieldError("data.client.locale", "must be a language tag such as en or es-MX"));
        }
    }

    @Test
    void aCampaignsSendTimeFarPastOrFarAheadIsAMistakeNotASendNow() {
        // a campaign with the 1970 of an unset date would go to every recipient at once
        String campaign = "{\"template\":\"seasonal_offer\",\"send_at\":\"%s\",\"recipients\":[{\"name\":\"Ana\","
                + "\"email\":\"ana@example.com\"}]}";
        Instant now = Instant.now();
        for (Object fine : List.of(now.minus(Duration.ofHours(3)), now.plus(Duration.ofDays(30)),
                "2027-01-15T09:00:00+01:00")) {
            assertThat(SHIPPED.validate("marketing.campaign", json(campaign.formatted(fine)))).as(fine.toString())
                    .isEmpty();
        }
        // the schema says in words what POST /api/v1/notifications says for its send_at: the same words
        assertThat(SendAt.EXPECTED).isEqualTo("must be a timestamp such as 2027-01-15T09:00:00Z, at most a day past "
                + "and within a year (leave it out to send now)");
        Instant twoDaysAgo = now.minus(Duration.ofDays(2));
        Instant past400Days = now.plus(Duration.ofDays(400));
        for (Object wrong : List.of("1970-01-01T00:00:00Z", twoDaysAgo, past400Days, "next tuesday")) {
            assertThat(SHIPPED.validate("marketing.campaign", json(campaign.formatted(wrong)))).as(wrong.toString())
                    .containsExactly(new FieldError("data.send_at", SendAt.EXPECTED));
        }
    }

    @Test
    void aDelaysNewArrivalTimeFarPastOrFarAheadIsAMistakeTheMessageWouldHide() {
        // shown without its year: 1970 and 2099 would both read "19:00, Wednesday 31 December"
        String delayed = "{\"eta\":\"%s\",\"client\":{\"name\":\"Ana\",\"phone\":\"+15555550142\"}}";
        Instant now = Instant.now();
        for (Object fine : List.of(now.plus(Duration.ofMinutes(40)), now.minus(Duration.ofHours(3)),
                now.plus(Duration.ofDays(20)))) {
            assertThat(SHIPPED.validate("trip.delayed", json(delayed.formatted(fine)))).as(fine.toString()).isEmpty();
        }
        for (Object wrong : List.of("1970-01-01T00:00:00Z", "2099-01-01T00:00:00Z", now.minus(Duration.ofDays(2)),
                now.plus(Duration.ofDays(40)), "2026-06-12 08:30")) {
            assertThat(SHIPPED.validate("trip.delayed", json(delayed.formatted(wrong)))).as(wrong.toString())
                    .containsExactly(new FieldError("data.eta",
                            "must be a timestamp like 2026-06-12T08:30:00Z, at most a day past and within a month"));
        }
    }

    @Test
    void aReminderIsForATripStillToCome() {
        // shown without its year: a June date would be "leaves Fri Jun 12" whichever June it was
        String reminder = "{\"trip\":{\"date\":\"%s\"},\"client\":{\"name\":\"Ana\",\"phone\":\"+15555550142\"}}";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate fine : List.of(today, today.minusDays(1), today.plusDays(1), today.plusDays(300))) {
            assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted(fine)))).as(fine.toString()).isEmpty();
        }
        String expected = "must be the date of a trip still to come, like 2027-06-12: today or later, within a year";
        for (Object wrong : List.of(today.minusDays(3), today.minusYears(1), today.plusDays(400), "1970-01-01")) {
            assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted(wrong)))).as(wrong.toString())
                    .containsExactly(new FieldError("data.trip.date", expected));
        }
        // not a date at all: said once, not once per rule it breaks
        assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted("next friday"))))
                .extracting(FieldError::field).containsExactly("data.trip.date");
        // a confirmation may come late; only the reminder must be ahead
        assertThat(SHIPPED.validate("charter.confirmed", json("{\"charter_id\":186,\"trip\":{\"date\":\""
                + today.minusDays(30) + "\"},\"client\":{\"name\":\"Ana\",\"phone\":\"+15555550142\"}}"))).isEmpty();
    }

    @Test
    void aRecipientsPhoneIsOneTheHubCanSendTo() {
        String reminder = "{\"client\":{\"name\":\"Ana\",\"phone\":\"%s\",\"email\":\"ana@example.com\"}}";

        for (String phone : List.of("(617) 555-0142", "+1 617 555 0142", "+44 20 7946 0958", "whatsapp:+16175550142")) {
            assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted(phone)))).as(phone).isEmpty();
        }
        // read as the sender meant it, it would only end "blocked: no_address" after a 202; without its area code
        // it reads as +15550142, which Twilio refuses (21211) after a 202
        // in the words of every other API, naming the region a number without a country code is read in; an empty
        // one is said once, not also as too short
        for (String phone : List.of("+1 555", "12", "call me", "+999 123 456 789", "555-0142", "")) {
            assertThat(SHIPPED.validate("trip.reminder", json(reminder.formatted(phone)))).as(phone)
                    .containsExactly(new FieldError("data.client.phone", ADDRESSES.phoneExpected()))
                    .extracting(FieldError::message).containsExactly("must be a phone number, such as +1 617 555 "
                            + "0142 (without a country code, one of US)");
        }
    }

    @Test
    void anEmptyTextIsSaidToBeEmptyNotTooShort() {
        assertThat(SHIPPED.validate("charter.cancelled", json("{\"charter_id\":186,\"reason\":\"\","
                + "\"client\":{\"name\":\"Ana\",\"email\":\"ana@example.com\",\"timezone\":\"\"}}")))
                .containsExactlyInAnyOrder(new FieldError("data.reason", "must not be empty"),
                        new FieldError("data.client.timezone", "must be an IANA time zone such as America/New_York"));
    }

    @Test
    void aRecipientsEmailIsOneTheHubCanSendTo() {
        String cancelled = "{\"charter_id\":186,\"client\":{\"name\":\"Ana\",\"email\":%s}}";

        for (String email : List.of("ana@example.com", "Ana.Ruiz+trips@Example.co.uk", " ana@example.com ")) {
            assertThat(SHIPPED.validate("charter.cancelled", json(cancelled.formatted(JSON.valueToTree(email)))))
                    .as(email).isEmpty();
        }
        // each fitted the old pattern and ended "blocked: no_address" after a 202
        for (String email : List.of("ana@example..com", ".ana@example.com", "ana@exa_mple.com", "ana@example.com.",
                "ana@localhost", "Ana <ana@example.com>", "")) {
            assertThat(SHIPPED.validate("charter.cancelled", json(cancelled.formatted(JSON.valueToTree(email)))))
                    .as(email).containsExactly(new FieldError("data.client.email",
                            "must be an email address the hub can send to, such as ana@example.com"));
        }
    }

    @Test
    void aNumberAMessageGivesSomeoneToCallIsAPhoneNumberToo() {
        // printed for the client or the driver to call: "Your driver is Dave, call me." helps nobody
        String phoneMessage = ADDRESSES.phoneExpected();
        assertThat(SHIPPED.validate("trip.reminder", json("{\"client\":{\"name\":\"Ana\",\"phone\":\"617 555 0142\"},"
                + "\"driver\":{\"name\":\"Dave\",\"phone\":\"call me\"}}")))
                .containsExactly(new FieldError("data.driver.phone", phoneMessage));
        assertThat(SHIPPED.validate("dispatch.recovery.contact_attempted", json("{\"recovery_id\":\"R-1\","
                + "\"attempts\":1,\"driver\":{\"name\":\"Dave\",\"phone\":\"617 555 0142\"},"
                + "\"dispatch_phone\":\"ext. 204\"}")))
                .containsExactly(new FieldError("data.dispatch_phone", phoneMessage));
        assertThat(SHIPPED.validate("dispatch.recovery.escalated", json("{\"recovery_id\":\"R-1\","
                + "\"dispatch_phone\":\"+1 617 555 0100\",\"driver\":{\"name\":\"Dave\",\"phone\":\"(617) 555-0142\"}}")))
                .isEmpty();
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
