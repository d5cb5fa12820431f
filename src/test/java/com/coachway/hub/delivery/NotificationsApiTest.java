package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.fasterxml.jackson.databind.JsonNode;

/** API.md §3: requests, idempotency, reading, filtering, resending, scheduling, and exactly-once delivery. */
class NotificationsApiTest extends DeliveryIntegrationTest {

    private static final String PATH = "/api/v1/notifications";
    private static final String REMINDER_DATA = """
            {"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston"},
             "driver":{"name":"Dave","phone":"+1 555 555 0188"}}""";

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> create(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + CHARTER_KEY;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post(PATH, "application/json", body, all);
    }

    private static String reminder(String phone) {
        return request("trip_reminder", "[\"sms\"]", "{\"name\":\"Ana\",\"phone\":\"" + phone + "\"}",
                REMINDER_DATA);
    }

    @Test
    void aRequestIsAcceptedQueuedAndDeliveredWithItsTimeline() {
        twilioAccepts();

        // a name from another system's text box, line breaks and all
        HttpResponse<String> response = create(request("trip_reminder", "[\"sms\"]",
                "{\"name\":\"Ana\\r\\n Ruiz\\t\",\"phone\":\"(555) 555-0401\"}", REMINDER_DATA));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response.body());
        assertThat(body.get("id").asText()).startsWith("ntf_");
        assertThat(body.get("status").asText()).isEqualTo("queued");
        JsonNode sent = awaitStatus(body.get("id").asText(), "sent");
        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        assertThat(sent.get("category").asText()).isEqualTo("transactional");
        assertThat(sent.get("priority").asText()).isEqualTo("normal");
        assertThat(sent.at("/to/phone").asText()).isEqualTo("(555) 555-0401");
        assertThat(sent.at("/to/name").asText()).isEqualTo("Ana Ruiz");
        assertThat(sent.get("events")).allSatisfy(e -> {
            assertThat(e.get("status").asText()).isNotBlank();
            assertThat(Instant.parse(e.get("at").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(e.get("detail").asText()).isNotBlank();
        });
        assertThat(sent.at("/events/0/detail").asText()).isEqualTo("accepted: template trip_reminder, channels sms");
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString()))
                .containsEntry("To", "+15555550401")
                .hasEntrySatisfying("Body", b -> assertThat(b).contains("Your driver is Dave, +1 555-555-0188"));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameNotification() {
        twilioAccepts();
        String key = "order-" + UUID.randomUUID();
        String body = reminder("+15555550402");

        HttpResponse<String> first = create(body, "Idempotency-Key", key);
        HttpResponse<String> again = create(body, "Idempotency-Key", key);
        HttpResponse<String> different = create(reminder("+15555550403"), "Idempotency-Key", key);
        HttpResponse<String> otherCaller = post(PATH, "application/json", body, "X-Api-Key", SALES_KEY,
                "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(json(first.body()).get("id").asText());
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(json(otherCaller.body()).get("id").asText()).isNotEqualTo(json(first.body()).get("id").asText());
        awaitStatus(json(first.body()).get("id").asText(), "sent");
        await().atMost(Duration.ofSeconds(10)).until(() -> twilioRequests().size() == 2);

        // two keys are no key: joined, "k1,k2" would be a key nobody sent
        HttpResponse<String> twice = create(reminder("+15555550404"), "Idempotency-Key", key, "Idempotency-Key",
                key + "-2");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(json(twice.body()).get("errors").toString()).isEqualTo("[{\"field\":\"Idempotency-Key\","
                + "\"message\":\"must be given once\"}]");
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE phone = '+15555550404'").query(Long.class)
                .single()).isZero();
    }

    @Test
    void everyProblemOfARequestIsListed() {
        HttpResponse<String> response = create(
                """
                        {"template":"no_such_template","channels":["sms","fax","sms"],"category":"spam","priority":"urgent",
                         "to":{"phone":"12","email":"not-an-email","locale":"not a locale!","timezone":"Mars/Olympus"},"data":[1],
                         "send_at":"soon"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response.body()).get("errors").findValuesAsText("field")).contains("template", "channels",
                "category", "priority", "to.phone", "to.email", "to.locale", "to.timezone", "data", "send_at");
        assertThat(json(response.body()).get("errors").toString()).contains(
                "must be a phone number, such as +1 617 555 0142 (without a country code, one of US)",
                "must be an email address the hub can send to, such as ana@example.com");

        // a phone only, for email alone: the channels are named as they were sent, with what each needs
        HttpResponse<String> unreachable = create(
                request("trip_reminder", "[\"email\"]", "{\"name\":\"Ana\",\"phone\":\"+15555550404\"}",
                        REMINDER_DATA));
        assertThat(json(unreachable.body()).get("errors").toString()).isEqualTo("[{\"field\":\"to\",\"message\":"
                + "\"has no address for any of its channels (email): sms and whatsapp need a phone, email an email\"}]");
        // and what its template needs from the data, in the same answer: a caller fixes both at once
        HttpResponse<String> twoAtOnce = create(request("payment_confirmation", "[\"sms\"]", "{\"name\":\"Ana\"}",
                "{}"));
        assertThat(fields(twoAtOnce)).containsExactlyInAnyOrder("to", "data.amount");

        // a misspelt key is named, not ignored: ignored, this marketing text would go as transactional, past the
        // recipient's marketing opt-out, and now instead of at its time
        HttpResponse<String> misspelt = create("""
                {"template":"trip_reminder","channels":["sms"],"categroy":"marketing","sendAt":"2027-01-01T09:00:00Z",
                 "to":{"name":"Ana","phone":"+15555550404"},"data":{}}""");
        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
        assertThat(json(misspelt.body()).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "categroy", "sendAt");
        assertThat(json(misspelt.body()).get("errors").findValuesAsText("message")).allSatisfy(message -> assertThat(
                message).contains("is not a field of this request", "category", "send_at"));
    }

    @Test
    void dataTheTemplateCannotRenderIsA400NotAParkedNotification() {
        HttpResponse<String> refused = create("""
                {"template":"trip_reminder","channels":["sms"],"to":{"name":"Ana","phone":"+15555550405"},
                 "data":{"trip":{"date":"next week","pickup_time":"08:30","pickup":"Boston South Station"}}}""");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused.body()).at("/errors/0/field").asText()).isEqualTo("data");
        assertThat(json(refused.body()).at("/errors/0/message").asText()).contains("template 'trip_reminder'",
                "sms.text", "cannot read 'next week' as a date");
        assertThat(json(get(PATH + "?recipient=%2B15555550405", "Authorization", "Bearer " + OPS_KEY).body())
                .get("total").asInt()).isZero();
    }

    @Test
    void aTemplateThatGreetsByNameNeedsARecipientWithOne() {
        // payment_confirmation's WhatsApp says "Thank you {{ recipient.name }}!"; its SMS names nobody
        String data = "{\"amount\":\"450.00\"}";
        HttpResponse<String> nameless = create(request("payment_confirmation", "[\"whatsapp\",\"sms\"]",
                "{\"phone\":\"+15555550420\"}", data));
        HttpResponse<String> blank = create(request("payment_confirmation", "[\"whatsapp\"]",
                "{\"name\":\"  \",\"phone\":\"+15555550421\"}", data));

        assertThat(fields(nameless)).containsExactly("to.name");
        assertThat(json(nameless.body()).at("/errors/0/message").asText())
                .isEqualTo("is printed by template 'payment_confirmation' on whatsapp: name the recipient, or choose "
                        + "other channels");
        assertThat(fields(blank)).containsExactly("to.name");
        // accepted, and scheduled for tomorrow so that no send reaches the provider during another test
        String tomorrow = ",\"send_at\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}";
        assertThat(create(request("payment_confirmation", "[\"sms\"]", "{\"phone\":\"+15555550422\"}", data)
                .replaceFirst("}$", tomorrow)).statusCode()).isEqualTo(202);
        assertThat(create(request("payment_confirmation", "[\"whatsapp\",\"sms\"]",
                "{\"name\":\"Ana\",\"phone\":\"+15555550423\"}", data).replaceFirst("}$", tomorrow))
                .statusCode()).isEqualTo(202);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE phone IN ('+15555550420', '+15555550421')")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aSendTimeFarPastOrFarAheadIsAMistakeNotASendNow() {
        // 1970 is an unset date, 2025 a year mistyped: either would go at once, a day or a year before it was meant
        Instant now = Instant.now();
        for (Object at : List.of("1970-01-01T00:00:00Z", now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(400)),
                "2027-01-15 09:00")) {
            HttpResponse<String> refused = create(reminder("+15555550430").replaceFirst("}$",
                    ",\"send_at\":\"" + at + "\"}"));
            assertThat(refused.statusCode()).as(at + ": " + refused.body()).isEqualTo(400);
            assertThat(json(refused.body()).get("errors")).singleElement().satisfies(error -> {
                assertThat(error.get("field").asText()).isEqualTo("send_at");
                assertThat(error.get("message").asText()).isEqualTo("must be a timestamp such as 2027-01-15T09:00:00Z, "
                        + "at most a day past and within a year (leave it out to send now)");
            });
        }
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE phone = '+15555550430'").query(Integer.class)
                .single()).isZero();
        // a little late, as a retried request is, still goes, at once
        twilioAccepts();
        String late = create(reminder("+15555550431").replaceFirst("}$",
                ",\"send_at\":\"" + now.minus(Duration.ofHours(3)) + "\"}")).body();
        awaitStatus(json(late).get("id").asText(), "sent");
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString())).containsEntry("To", "+15555550431");
    }

    @Test
    void missingPartsAndUnreachableRecipientsAre400() {
        assertThat(fields(create("{}"))).contains("template", "channels", "to");
        assertThat(fields(create(request("trip_reminder", "[\"sms\"]", "{\"email\":\"ana@example.com\"}", "{}"))))
                .contains("to");
        assertThat(create("[]").statusCode()).isEqualTo(400);
        assertThat(create("{\"template\":").statusCode()).isEqualTo(400);
        assertThat(create(reminder("+15555550404"), "Idempotency-Key", "has spaces in it").statusCode())
                .isEqualTo(400);
        assertThat(create(reminder("+15555550404"), "Idempotency-Key", "k".repeat(300)).statusCode()).isEqualTo(400);
    }

    @Test
    void hostileRequestsAreRefusedCleanly() {
        String huge = "{\"template\":\"trip_reminder\",\"data\":{\"pad\":\"" + "x".repeat(300_000) + "\"}}";
        assertThat(create(huge).statusCode()).isEqualTo(413);
        assertThat(post(PATH, "application/x-www-form-urlencoded", "template=x", "Authorization",
                "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(415);
        assertThat(create("{\"template\":\"trip_reminder\",\"template\":\"quote_sent\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> injection = create(request("trip_reminder'; DROP TABLE notifications; --", "[\"sms\"]",
                "{\"phone\":\"+15555550405\"}", "{}"));
        assertThat(injection.statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications").query(Integer.class).single()).isNotNegative();
    }

    @Test
    void whoMayDoWhat() {
        String id = json(create(reminder("+15555550406")).body()).get("id").asText();

        assertThat(post(PATH, "application/json", reminder("+15555550406")).statusCode()).isEqualTo(401);
        assertThat(post(PATH, "application/json", reminder("+15555550406"), "Authorization",
                basic("analyst", "analyst-password")).statusCode()).isEqualTo(403);
        assertThat(get(PATH + "/" + id, "Authorization", basic("analyst", "analyst-password")).statusCode())
                .isEqualTo(200);
        assertThat(get(PATH + "/" + id, "Authorization", "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(200);
        // another publisher does not learn that this notification exists
        assertThat(get(PATH + "/" + id, "X-Api-Key", SALES_KEY).statusCode()).isEqualTo(404);
        assertThat(json(get(PATH + "?size=200", "X-Api-Key", SALES_KEY).body()).get("items").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(post(PATH + "/" + id + "/resend", "application/json", "", "X-Api-Key", SALES_KEY).statusCode())
                .isEqualTo(404);
        assertThat(get(PATH + "/ntf_nope", "Authorization", "Bearer " + OPS_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void theListFiltersAndPages() {
        twilioAccepts();
        String phone = "+1555555" + (4100 + (int) (Math.random() * 800));
        List<String> ids = List.of(notify(reminder(phone)), notify(reminder(phone)), notify(reminder(phone)));
        ids.forEach(id -> awaitStatus(id, "sent"));
        String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);

        JsonNode page0 = json(get(PATH + "?recipient=" + national.replace(" ", "%20") + "&size=2",
                "Authorization", "Bearer " + OPS_KEY).body());
        JsonNode page1 = json(get(PATH + "?recipient=" + phone.replace("+", "%2B") + "&size=2&page=1",
                "Authorization", "Bearer " + OPS_KEY).body());

        assertThat(page0.get("total").asInt()).isEqualTo(3);
        assertThat(page0.get("items")).hasSize(2);
        assertThat(page1.get("items")).hasSize(1);
        assertThat(List.of(page0.get("items").get(0).get("id").asText(), page0.get("items").get(1).get("id").asText(),
                page1.get("items").get(0).get("id").asText())).containsExactlyInAnyOrderElementsOf(ids);
        String since = Instant.now().minusSeconds(300).toString();
        assertThat(json(get(PATH + "?status=sent&template=trip_reminder&since=" + since + "&recipient="
                + phone.replace("+", "%2B"), "Authorization", "Bearer " + OPS_KEY).body()).get("total").asInt())
                .isEqualTo(3);
        assertThat(json(get(PATH + "?status=failed&recipient=" + phone.replace("+", "%2B"), "Authorization",
                "Bearer " + OPS_KEY).body()).get("total").asInt()).isZero();
        // a '+' typed into the URL unencoded arrives as a space: the number is still read as the Spanish one it is
        HttpResponse<String> rawPlus = get(PATH + "?recipient=+34612345678", "Authorization", "Bearer " + OPS_KEY);
        assertThat(rawPlus.statusCode()).as(rawPlus.body()).isEqualTo(200);
        assertThat(json(rawPlus.body()).get("total").asInt()).isZero();
        HttpResponse<String> bad = get(PATH + "?status=nope&since=yesterday&size=0&page=-1&recipient=zz",
                "Authorization", "Bearer " + OPS_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).get("errors").findValuesAsText("field")).contains("status", "since", "size",
                "page", "recipient");
        // a range turned round would list nothing, as if nothing had been sent
        HttpResponse<String> backwards = get(PATH + "?since=2026-06-02&until=2026-06-01", "Authorization",
                "Bearer " + OPS_KEY);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards.body()).at("/errors/0/field").asText()).isEqualTo("until");
        // a filter given twice is refused, not read as the one value "[sent, failed]"
        HttpResponse<String> twice = get(PATH + "?status=sent&status=failed", "Authorization", "Bearer " + OPS_KEY);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(twice.body()).get("errors").get(0).toString())
                .isEqualTo("{\"field\":\"status\",\"message\":\"must be given once\"}");
    }

    @Test
    void resendMakesANewLinkedNotification() {
        twilioAccepts();
        String original = notify(reminder("+15555550407"));
        awaitStatus(original, "sent");

        HttpResponse<String> resent = post(PATH + "/" + original + "/resend", "application/json", "", "Authorization",
                "Bearer " + OPS_KEY);

        assertThat(resent.statusCode()).isEqualTo(202);
        String copy = json(resent.body()).get("id").asText();
        assertThat(copy).isNotEqualTo(original);
        JsonNode sent = awaitStatus(copy, "sent");
        assertThat(sent.get("resend_of").asText()).isEqualTo(original);
        assertThat(notification(original).get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("resent as " + copy));
        assertThat(twilioRequests()).hasSize(2);
    }

    @Test
    void aResendRetriedWithItsIdempotencyKeyTextsTheCustomerOnce() {
        twilioAccepts();
        String original = notify(reminder("+15555550417"));
        String other = notify(reminder("+15555550418"));
        awaitStatus(original, "sent");
        awaitStatus(other, "sent");
        String ops = "Bearer " + OPS_KEY;

        // the console's double click, or a caller retrying after a timeout
        HttpResponse<String> first = post(PATH + "/" + original + "/resend", "application/json", "", "Authorization",
                ops, "Idempotency-Key", "resend-417");
        HttpResponse<String> again = post(PATH + "/" + original + "/resend", "application/json", "", "Authorization",
                ops, "Idempotency-Key", "resend-417");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json(first.body()).get("duplicate").asBoolean()).isFalse();
        String copy = json(first.body()).get("id").asText();
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again.body()).get("id").asText()).isEqualTo(copy);
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        awaitStatus(copy, "sent");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> twilioRequests().stream()
                .filter(r -> r.getBodyAsString().contains("15555550417")).count() == 2);
        assertThat(notification(original).get("events").findValuesAsText("detail"))
                .filteredOn(d -> d.startsWith("resent as")).singleElement().asString()
                .startsWith("resent as " + copy + " by ");

        // the key names one resend: spent on another notification, it is refused, nothing sent
        HttpResponse<String> reused = post(PATH + "/" + other + "/resend", "application/json", "", "Authorization",
                ops, "Idempotency-Key", "resend-417");
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(json(reused.body()).get("detail").asText()).contains(copy);
        assertThat(post(PATH + "/" + other + "/resend", "application/json", "", "Authorization", ops,
                "Idempotency-Key", "two words").statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE resend_of = :id").param("id", other)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aScheduledNotificationWaitsForItsTime() {
        twilioAccepts();
        Instant at = Instant.now().plusSeconds(3);

        String id = notify("{\"template\":\"trip_reminder\",\"channels\":[\"sms\"],\"send_at\":\"" + at + "\","
                + "\"to\":{\"phone\":\"+15555550408\"},\"data\":" + REMINDER_DATA + "}");

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> "queued".equals(notification(id).get("status").asText()) && twilioRequests().isEmpty());
        JsonNode sent = awaitStatus(id, "sent");
        Instant sentAt = Instant.parse(sent.get("updated_at").asText());
        assertThat(sentAt).isAfterOrEqualTo(at);
        assertThat(sent.get("events").findValuesAsText("detail")).contains("send time reached");
    }

    @Test
    void aScheduledSendCanBeCancelledWhileItWaitsAndNeverAfter() {
        twilioAccepts();
        Instant at = Instant.now().plusSeconds(4);
        String id = notify("{\"template\":\"trip_reminder\",\"channels\":[\"sms\"],\"send_at\":\"" + at + "\","
                + "\"to\":{\"phone\":\"+15555550410\"},\"data\":" + REMINDER_DATA + "}");
        String ops = basic("ops", "ops-password");
        String later = notify("{\"template\":\"trip_reminder\",\"channels\":[\"sms\"],\"send_at\":\""
                + at.plusSeconds(3600) + "\",\"to\":{\"phone\":\"+15555550412\"},\"data\":" + REMINDER_DATA + "}");
        String sentAtOnce = notify(reminder("+15555550413"));

        // the console's list of scheduled sends: only those still waiting, soonest first
        List<String> waiting = json(get(PATH + "?scheduled=true&size=200", "Authorization", ops).body())
                .get("items").findValuesAsText("id");
        assertThat(waiting).contains(id, later).doesNotContain(sentAtOnce);
        assertThat(waiting.indexOf(id)).isLessThan(waiting.indexOf(later));
        assertThat(get(PATH + "?scheduled=soon", "Authorization", ops).statusCode()).isEqualTo(400);

        assertThat(post(PATH + "/" + id + "/cancel", "application/json", "", "Authorization",
                basic("analyst", "analyst-password")).statusCode()).isEqualTo(403);
        HttpResponse<String> cancelled = post(PATH + "/" + id + "/cancel", "application/json", "", "Authorization",
                ops);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled.body()).get("status").asText()).isEqualTo("cancelled");
        assertThat(json(cancelled.body()).get("events").findValuesAsText("detail"))
                .contains("cancelled by ops before its send time");
        assertThat(post(PATH + "/" + id + "/cancel", "application/json", "", "Authorization", ops).statusCode())
                .isEqualTo(409);
        assertThat(json(get(PATH + "?scheduled=true&size=200", "Authorization", ops).body()).get("items")
                .findValuesAsText("id")).doesNotContain(id).contains(later);
        // its send time comes and goes: nothing reaches Twilio
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .until(() -> twilioRequests().stream().noneMatch(r -> r.getBodyAsString().contains("15555550410"))
                        && "cancelled".equals(notification(id).get("status").asText()));

        // resent while it still waits: it would go twice at its time
        HttpResponse<String> early = post(PATH + "/" + later + "/resend", "application/json", "", "Authorization", ops);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early.body()).get("detail").asText()).contains("is queued and waits for its send time",
                "would reach the recipient twice");
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE resend_of = :id").param("id", later)
                .query(Long.class).single()).isZero();

        // cancelled by mistake and resent: the copy waits for the same send time, it does not go at once
        assertThat(post(PATH + "/" + later + "/cancel", "application/json", "", "Authorization", ops).statusCode())
                .isEqualTo(200);
        String copy = json(post(PATH + "/" + later + "/resend", "application/json", "", "Authorization", ops).body())
                .get("id").asText();
        JsonNode waitingCopy = notification(copy);
        Instant laterAt = Instant.parse(notification(later).get("send_at").asText());
        assertThat(laterAt).isCloseTo(at.plusSeconds(3600), within(1, ChronoUnit.MILLIS));
        assertThat(waitingCopy.get("status").asText()).isEqualTo("queued");
        assertThat(Instant.parse(waitingCopy.get("send_at").asText())).isEqualTo(laterAt);
        assertThat(json(get(PATH + "?scheduled=true&size=200", "Authorization", ops).body()).get("items")
                .findValuesAsText("id")).contains(copy).doesNotContain(later);
        assertThat(notification(later).get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.equals("resent as " + copy + " by ops, for its send time " + laterAt));

        // one already sent cannot be called back
        String sent = notify(reminder("+15555550411"));
        awaitStatus(sent, "sent");
        assertThat(post(PATH + "/" + sent + "/cancel", "application/json", "", "Authorization", ops).statusCode())
                .isEqualTo(409);
        assertThat(post(PATH + "/ntf_nope/cancel", "application/json", "", "Authorization", ops).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aRedeliveredWorkMessageSendsNothing() {
        twilioAccepts();
        String id = notify(reminder("+15555550409"));
        awaitStatus(id, "sent");
        Message replay = MessageBuilder.withBody(("{\"notification_id\":\"" + id + "\"}").getBytes(
                StandardCharsets.UTF_8)).setContentType("application/json").build();
        JsonNode sent = notification(id);
        // the delivery message exactly as the dispatcher published it, sent again (a lost ack, a replay)
        String delivery = """
                {"notification_id":"%s","channel":"sms","channel_index":0,"dispatch_seq":1,"provider":"twilio",
                 "address":"+15555550409","priority":"normal","category":"transactional","mode":"text",
                 "text":"again"}""".formatted(id);
        Message deliveryReplay = MessageBuilder.withBody(delivery.getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json").setHeader(HubHeaders.NOTIFICATION_ID, id).build();

        rabbit.send(WorkQueues.WORK_EXCHANGE, WorkQueues.NOTIFY, replay);
        rabbit.send(WorkQueues.WORK_EXCHANGE, WorkQueues.DELIVER_SMS, deliveryReplay);

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> twilioRequests().size() == 1
                && depth(WorkQueues.DELIVER_SMS) == 0 && depth(WorkQueues.NOTIFY) == 0);
        JsonNode after = notification(id);
        assertThat(after.get("attempts").asInt()).isEqualTo(1);
        assertThat(after.get("provider_message_id").asText()).isEqualTo(sent.get("provider_message_id").asText());
        assertThat(depth(WorkQueues.parked(WorkQueues.DELIVER_SMS))).isZero();
    }

    private static List<String> fields(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        return json(response.body()).get("errors").findValuesAsText("field");
    }
}
