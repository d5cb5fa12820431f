package com.coachway.hub.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Twilio's status callbacks: signed, recorded, applied forward only, whatever order and however often they come. */
class TwilioStatusCallbackTest extends DeliveryIntegrationTest {

    private static final String STATUS = "/webhooks/twilio/status";

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void quickUnknowns(DynamicPropertyRegistry registry) {
        registry.add("hub.tracking.unknown-grace", () -> "PT1S");
        registry.add("hub.tracking.apply-interval", () -> "100");
    }

    private String sentSms(String phone) {
        String id = notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + phone + "\"}",
                "{\"charter_id\":7,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}"));
        awaitStatus(id, "sent");
        return id;
    }

    private static Map<String, String> callback(String sid, String status, String errorCode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        params.put("To", "+15555550199");
        params.put("From", "+15005550006");
        params.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            params.put("ErrorCode", errorCode);
        }
        return params;
    }

    private HttpResponse<String> report(String sid, String status) {
        return report(sid, status, null);
    }

    private HttpResponse<String> report(String sid, String status, String errorCode) {
        return twilioWebhook(STATUS, callback(sid, status, errorCode));
    }

    private String sidOf(String id) {
        return notification(id).get("provider_message_id").asText();
    }

    private List<String> callbackStates(String sid) {
        return jdbc.sql("SELECT state FROM provider_callbacks WHERE message_id = ? ORDER BY id").param(sid)
                .query(String.class).list();
    }

    private void awaitSettled(String sid, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> states = callbackStates(sid);
            return states.size() == count && !states.contains("pending");
        });
    }

    @Test
    void deliveredShowsWithTheWholeTimelineAndALateSentChangesNothing() {
        twilioAccepts();
        String id = sentSms(uniquePhone());
        String sid = sidOf(id);

        HttpResponse<String> delivered = report(sid, "delivered");
        assertThat(delivered.statusCode()).isEqualTo(204);
        assertThat(delivered.headers().firstValue("Content-Type")).isEmpty();
        JsonNode done = awaitStatus(id, "delivered");
        List<String> timeline = done.get("events").findValuesAsText("status");
        assertThat(timeline).containsSubsequence("queued", "sending", "sent", "delivered").endsWith("delivered");
        assertThat(done.get("events").get(timeline.size() - 1).get("detail").asText())
                .isEqualTo("twilio reports delivered");

        // Twilio's callbacks can arrive late and twice: neither moves it back or adds to the timeline
        report(sid, "sent");
        report(sid, "delivered");
        report(sid, "queued");
        awaitSettled(sid, 4);
        assertThat(callbackStates(sid)).containsExactly("applied", "ignored", "ignored", "ignored");
        JsonNode after = notification(id);
        assertThat(after.get("status").asText()).isEqualTo("delivered");
        assertThat(after.get("events")).hasSize(timeline.size());

        // a carrier's late "undelivered" contradicts the receipt: it stays delivered, and the timeline shows both
        report(sid, "undelivered", "30003");
        awaitSettled(sid, 5);
        JsonNode contradicted = notification(id);
        assertThat(contradicted.get("status").asText()).isEqualTo("delivered");
        assertThat(contradicted.get("events")).hasSize(timeline.size() + 1).last().satisfies(entry -> {
            assertThat(entry.get("status").asText()).isEqualTo("delivered");
            assertThat(entry.get("detail").asText()).isEqualTo("twilio reports undelivered (30003: handset"
                    + " unreachable (off, or out of coverage)) after it was delivered; it stays delivered");
        });
    }

    @Test
    void unsignedOrWronglySignedCallbacksAre403AndRecordNothing() {
        twilioAccepts();
        String id = sentSms(uniquePhone());
        String sid = sidOf(id);
        Map<String, String> params = callback(sid, "failed", "30008");
        String form = ProviderWebhooks.form(params);

        double refusedBefore = refusedOfOurAccount();

        HttpResponse<String> unsigned = post(STATUS, "application/x-www-form-urlencoded", form);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        String wrongUrl = ProviderWebhooks.twilioSignature("http://localhost:" + port + STATUS, params);
        assertThat(post(STATUS, "application/x-www-form-urlencoded", form, "X-Twilio-Signature", wrongUrl)
                .statusCode()).isEqualTo(403);
        String genuine = ProviderWebhooks.twilioSignature(ProviderWebhooks.PUBLIC_BASE_URL + STATUS, params);
        assertThat(post(STATUS, "application/x-www-form-urlencoded", form.replace("failed", "delivered"),
                "X-Twilio-Signature", genuine).statusCode()).isEqualTo(403);

        assertThat(callbackStates(sid)).isEmpty();
        assertThat(notification(id).get("status").asText()).isEqualTo("sent");
        // each claims our account: what a hub.public-base-url other than the address Twilio calls looks like
        assertThat(refusedOfOurAccount() - refusedBefore).isEqualTo(3);
    }

    private double refusedOfOurAccount() {
        Counter refused = meters.find("hub.webhooks.refused").tags("provider", "twilio", "account", "ours").counter();
        return refused == null ? 0 : refused.count();
    }

    @Test
    void failuresKeepTheErrorCodeAndAStopCodeOptsTheNumberOut() {
        twilioAccepts();
        String phone = uniquePhone();
        String undelivered = sentSms(phone);
        report(sidOf(undelivered), "undelivered", "30005");
        JsonNode lost = awaitStatus(undelivered, "undelivered");
        assertThat(lost.get("error_code").asText()).isEqualTo("30005");
        // the callback carries the code alone: ops read what it means without looking it up
        assertThat(lost.get("error_message").asText()).isEqualTo("unknown destination handset");
        assertThat(lost.get("events").findValuesAsText("detail"))
                .contains("twilio reports undelivered (30005: unknown destination handset)");

        String stopped = sentSms(phone);
        report(sidOf(stopped), "failed", "21610");
        assertThat(awaitStatus(stopped, "failed").get("error_code").asText()).isEqualTo("21610");
        JsonNode consent = json(get("/api/v1/consent/sms/" + phone, "Authorization", "Bearer " + OPS_KEY).body());
        assertThat(consent.get("opted_out").asBoolean()).isTrue();
        assertThat(consent.get("source").asText()).isEqualTo("provider_error");
    }

    private String sentWhatsApp(String phone, String channels) {
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        String id = notify(request("payment_confirmation", channels, "{\"name\":\"Ana\",\"phone\":\"" + phone
                + "\"}", "{\"charter_id\":186,\"amount\":\"450.00\",\"currency\":\"USD\"}"));
        assertThat(awaitStatus(id, "sent").get("channel").asText()).isEqualTo("whatsapp");
        return id;
    }

    @Test
    void aWhatsAppTheProviderCouldNotDeliverGoesOutOnTheNextChannel() {
        twilioAccepts();
        Instant since = Instant.now().minusMillis(1);
        String phone = uniquePhone();
        String id = sentWhatsApp(phone, "[\"whatsapp\",\"sms\"]");
        String whatsAppSid = sidOf(id);

        // the number is not on WhatsApp: Twilio took the message, and says so only in its callback
        assertThat(report(whatsAppSid, "undelivered", "63003").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> twilioFormsTo(phone).size() == 2);
        JsonNode sms = awaitStatus(id, "sent");
        Map<String, String> second = twilioFormsTo(phone).get(1);
        assertThat(second).containsEntry("To", phone).doesNotContainKey("ContentSid");
        assertThat(second.get("Body")).isEqualTo("CoachWay: we received your payment of $450.00 for charter #186. "
                + "Thank you!");
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
        assertThat(sms.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith(
                "whatsapp not delivered: twilio reports undelivered (63003") && d.endsWith("trying the next channel"));

        // the SMS arrives; a repeated WhatsApp callback no longer matches the notification and changes nothing
        report(sidOf(id), "delivered");
        awaitStatus(id, "delivered");
        report(whatsAppSid, "failed", "63003");
        awaitSettled(whatsAppSid, 2);
        assertThat(notification(id).get("status").asText()).isEqualTo("delivered");
        assertThat(twilioRequests()).hasSize(2);

        // the stats of each channel tell the story: WhatsApp took it and failed, SMS delivered it; counted once overall
        assertThat(counts(since, "&channel=whatsapp")).containsEntry("total", 1).containsEntry("sent", 1)
                .containsEntry("failed", 1).containsEntry("delivered", 0);
        assertThat(counts(since, "&channel=sms")).containsEntry("total", 1).containsEntry("sent", 1)
                .containsEntry("delivered", 1).containsEntry("failed", 0);
        assertThat(counts(since, "")).containsEntry("total", 1).containsEntry("delivered", 1)
                .containsEntry("failed", 0);

        // the next payment goes to the number by SMS at once, without a WhatsApp attempt that would fail the same way
        String next = notify(request("payment_confirmation", "[\"whatsapp\",\"sms\"]", "{\"name\":\"Ana\","
                + "\"phone\":\"" + phone + "\"}", "{\"charter_id\":187,\"amount\":\"90.00\",\"currency\":\"USD\"}"));
        assertThat(awaitStatus(next, "sent").get("channel").asText()).isEqualTo("sms");
        assertThat(twilioFormsTo(phone)).hasSize(3).last().satisfies(form -> assertThat(form)
                .containsEntry("To", phone).doesNotContainKey("ContentSid"));
    }

    /** The stats of payment_confirmation since {@code since}, as ops read them. */
    private Map<String, Integer> counts(Instant since, String filter) {
        HttpResponse<String> stats = get("/api/v1/stats?template=payment_confirmation&since=" + since + filter,
                "Authorization", "Bearer " + OPS_KEY);
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        Map<String, Integer> counts = new LinkedHashMap<>();
        json(stats.body()).get("counts").fields().forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asInt()));
        return counts;
    }

    @Test
    void freeTextRefusedLaterForTheClosedWindowGoesAgainAsTheApprovedTemplate() {
        twilioAccepts();
        String phone = uniquePhone();
        String id = sentWhatsApp(phone, "[\"whatsapp\"]");

        report(sidOf(id), "failed", "63016");
        await().atMost(Duration.ofSeconds(10)).until(() -> twilioFormsTo(phone).size() == 2);
        JsonNode again = awaitStatus(id, "sent");
        assertThat(twilioFormsTo(phone).get(1))
                .containsEntry("To", "whatsapp:" + phone)
                .containsEntry("ContentSid", "HX9c1f0b1a4d2e4b5e8f7a6c3d2e1f0a9b")
                .doesNotContainKey("Body");
        assertThat(again.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_windows WHERE phone = ?").param(phone).query(Integer.class)
                .single()).as("the hub no longer takes the window for open").isZero();

        // the approved template failing too is the end of its only channel
        report(sidOf(id), "failed", "63016");
        assertThat(awaitStatus(id, "failed").get("error_code").asText()).isEqualTo("63016");
        assertThat(twilioRequests()).hasSize(2);
    }

    @Test
    void anUnknownSidIsAnsweredAndKeptAsUnmatched() {
        String sid = nextSid();
        assertThat(report(sid, "delivered").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbackStates(sid).equals(List.of("unmatched")));
    }

    @Test
    void aCallbackFasterThanTheHubsOwnSentStillApplies() {
        String sid = nextSid();
        // Twilio takes its time to answer the send; its delivered callback arrives before the answer does
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(201).withFixedDelay(1500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}")));
        String id = notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\""
                + uniquePhone() + "\"}",
                "{\"charter_id\":7,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+15555550100\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> twilioRequests().size() == 1);
        assertThat(report(sid, "delivered").statusCode()).isEqualTo(204);

        assertThat(awaitStatus(id, "delivered").get("provider_message_id").asText()).isEqualTo(sid);
        assertThat(callbackStates(sid)).containsExactly("applied");
    }

    @Test
    void malformedCallbacksAreClearProblems() {
        HttpResponse<String> noSid = twilioWebhook(STATUS, Map.of("MessageStatus", "delivered"));
        assertThat(noSid.statusCode()).isEqualTo(400);
        assertThat(json(noSid.body()).get("errors").findValuesAsText("field")).contains("MessageSid");

        HttpResponse<String> hostile = twilioWebhook(STATUS, Map.of("MessageSid", "'; DROP TABLE notifications; --",
                "MessageStatus", "<script>"));
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(json(hostile.body()).get("errors").findValuesAsText("field")).contains("MessageSid",
                "MessageStatus");

        HttpResponse<String> badCode = twilioWebhook(STATUS, Map.of("MessageSid", nextSid(), "MessageStatus",
                "failed", "ErrorCode", "x".repeat(100)));
        assertThat(badCode.statusCode()).isEqualTo(400);

        HttpResponse<String> huge = post(STATUS, "application/x-www-form-urlencoded", "MessageSid=" + "S".repeat(
                70_000));
        assertThat(huge.statusCode()).isEqualTo(413);

        HttpResponse<String> notUtf8 = send(HttpRequest.newBuilder(uri(STATUS))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'a', '=', (byte) 0xFF}))
                .build());
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(notUtf8.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(jdbc.sql("SELECT count(*) FROM provider_callbacks WHERE message_id LIKE '%DROP%'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aChangeCaseNotificationThatEndsIsAnnouncedToTheChangeSystem() {
        String eventId = "evt-" + java.util.UUID.randomUUID();
        // the vendor has no email address, only a phone: its email notification ends blocked at once
        HttpResponse<String> accepted = postEvent(event(eventId, "change.case.created", """
                {"charter_id":186,"affects_vendor":true,"case_number":"CC-2041","title":"a stop added in Albany",
                 "reason":"four more passengers",
                 "client":{"name":"Ana Ruiz","email":"%s"},"vendor":{"name":"Blue Coaches","phone":"+15555550123"}}"""
                .formatted(
                        uniqueEmail())));
        assertThat(accepted.statusCode()).isEqualTo(202);

        JsonNode status = await().atMost(Duration.ofSeconds(20)).until(() -> drain(
                com.coachway.hub.messaging.WorkQueues.OUTBOUND_CHANGE).stream()
                .map(m -> json(new String(m.getBody(), java.nio.charset.StandardCharsets.UTF_8)))
                .filter(e -> "notification.status".equals(e.get("type").asText()))
                .findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(status.get("source").asText()).isEqualTo("coachway-hub");
        assertThat(status.get("specversion").asText()).isEqualTo("1.0");
        JsonNode data = status.get("data");
        assertThat(data.get("status").asText()).isEqualTo("blocked");
        assertThat(data.get("reason").asText()).isEqualTo("no_address");
        assertThat(data.get("case_id").asText()).isEqualTo("CC-2041");
        assertThat(data.at("/caused_by/id").asText()).isEqualTo(eventId);
        assertThat(data.at("/caused_by/type").asText()).isEqualTo("change.case.created");
    }
}
