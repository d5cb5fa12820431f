package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.TwilioSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * The classification table against a WireMock Twilio: what each answer does to the notification and how many
 * requests one notification makes. Retry tiers are 0.3 s / 0.6 s / 0.9 s here, so the budget is 1 + 3 attempts.
 */
class TwilioOutcomesTest extends DeliveryIntegrationTest {

    private static final AtomicInteger PHONES = new AtomicInteger(100);

    private static String phone() {
        return "+1555555" + String.format("%04d", PHONES.incrementAndGet());
    }

    private String sms(String phone) {
        return notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + phone + "\"}",
                "{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}"));
    }

    @Test
    void transientTwiceThenSuccessIsSentAfterExactlyThreeAttempts() {
        PROVIDERS.stubFor(twilio().inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)
                        .withBody("{\"code\":20500,\"message\":\"Internal\",\"status\":500}"))
                .willSetStateTo("second"));
        PROVIDERS.stubFor(twilio().inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(400).withBody(twilioError(30001, "Queue overflow")))
                .willSetStateTo("third"));
        PROVIDERS.stubFor(twilio().inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM00000000000000000000000000000003\"}")));

        JsonNode sent = awaitStatus(sms(phone()), "sent");

        assertThat(twilioRequests()).hasSize(3);
        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(sent.get("provider_message_id").asText()).isEqualTo("SM00000000000000000000000000000003");
        assertThat(sent.get("events").findValuesAsText("detail")).containsSubsequence(
                "attempt failed: twilio 20500: Internal", "next attempt in 300 ms (retry 1 of 3)",
                "attempt failed: twilio 30001: Queue overflow", "next attempt in 600 ms (retry 2 of 3)");
        twilioRequests().forEach(r -> assertThat(TwilioSpec.problems(r)).isEmpty());
    }

    @Test
    void alwaysTransientIsParkedAfterOnePlusRetriesAttempts() {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(503)));

        String id = sms(phone());
        JsonNode parked = awaitStatus(id, "parked");

        assertThat(twilioRequests()).hasSize(4);
        assertThat(parked.get("attempts").asInt()).isEqualTo(4);
        assertThat(parked.get("reason").asText()).startsWith("retries exhausted after 4 attempts");
        // each wait is announced; after the last attempt none is, the parking says why
        assertThat(parked.get("events").findValuesAsText("detail")).filteredOn(d -> d.startsWith("next attempt"))
                .containsExactly("next attempt in 300 ms (retry 1 of 3)", "next attempt in 600 ms (retry 2 of 3)",
                        "next attempt in 900 ms (retry 3 of 3)");
        assertThat(parked.get("error_message").asText()).contains("HTTP 503");
        Message message = rabbit.receive(WorkQueues.parked(WorkQueues.DELIVER_SMS), 5000);
        assertThat(message).isNotNull();
        assertThat(message.getMessageProperties().getHeaders()).containsEntry(HubHeaders.NOTIFICATION_ID, id)
                .containsEntry(HubHeaders.ATTEMPT, 4);
    }

    @Test
    void invalidNumberFailsAfterOneAttemptWithTheProviderCode() {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(400)
                .withBody(twilioError(21211, "The 'To' number is not a valid phone number."))));

        JsonNode failed = awaitStatus(sms(phone()), "failed");

        assertThat(twilioRequests()).hasSize(1);
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("error_code").asText()).isEqualTo("21211");
        assertThat(failed.get("error_message").asText()).contains("not a valid phone number");
    }

    @Test
    void unsubscribedRecipientFailsAndIsSuppressedSoTheNextMessageIsBlocked() {
        String phone = phone();
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(400)
                .withBody(twilioError(21610, "Attempt to send to unsubscribed recipient"))));

        JsonNode failed = awaitStatus(sms(phone), "failed");
        assertThat(failed.get("error_code").asText()).isEqualTo("21610");
        Map<String, Object> suppression = jdbc.sql("SELECT * FROM suppressions WHERE channel = 'sms' AND address = ?")
                .param(phone).query().singleRow();
        assertThat(suppression).containsEntry("kind", "opted_out").containsEntry("source", "provider_error");

        JsonNode next = awaitStatus(sms(phone), "blocked");
        assertThat(next.get("reason").asText()).isEqualTo("opted_out");
        assertThat(twilioRequests()).hasSize(1);
    }

    @Test
    void whatsAppOutsideTheWindowRetriesWithTheApprovedTemplate() {
        String phone = phone();
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        PROVIDERS.stubFor(twilio().inScenario("window").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(twilioError(63016, "Outside the 24 hour window")))
                .willSetStateTo("template"));
        PROVIDERS.stubFor(twilio().inScenario("window").whenScenarioStateIs("template")
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM00000000000000000000000000000016\"}")));

        JsonNode sent = awaitStatus(notify(request("payment_confirmation", "[\"whatsapp\",\"sms\"]",
                "{\"name\":\"Ana\",\"phone\":\"" + phone + "\"}",
                "{\"charter_id\":186,\"amount\":\"450.00\",\"payment\":{\"currency\":\"USD\","
                        + "\"received_at\":\"2026-03-02T15:04:00Z\",\"receipt_url\":\"https://coachway.example/r/1\"}}")),
                "sent");

        List<Map<String, String>> forms = twilioFormsTo(phone);
        assertThat(forms).hasSize(2);
        Map<String, String> first = forms.get(0);
        Map<String, String> second = forms.get(1);
        assertThat(first).containsKey("Body").doesNotContainKey("ContentSid");
        assertThat(second).containsEntry("ContentSid", "HX9c1f0b1a4d2e4b5e8f7a6c3d2e1f0a9b").doesNotContainKey("Body")
                .containsEntry("To", "whatsapp:" + phone);
        assertThat(sent.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_windows WHERE phone = ?").param(phone).query(Integer.class)
                .single()).isZero();
    }

    @Test
    void whatsAppOutsideTheWindowWithoutApprovedTemplateFallsBackToSms() {
        String phone = phone();
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        PROVIDERS.stubFor(twilio().inScenario("fallback").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(twilioError(63016, "Outside the 24 hour window")))
                .willSetStateTo("sms"));
        PROVIDERS.stubFor(twilio().inScenario("fallback").whenScenarioStateIs("sms")
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM00000000000000000000000000000017\"}")));

        JsonNode sent = awaitStatus(notify(request("trip_reminder", "[\"whatsapp\",\"sms\"]",
                "{\"name\":\"Ana\",\"phone\":\"" + phone + "\"}", """
                        {"charter_id":186,"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston"},
                         "driver":{"name":"Dave","phone":"+1 555 555 0188"}}""")), "sent");

        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        assertThat(twilioFormsTo(phone)).extracting(form -> form.get("To")).containsExactly("whatsapp:" + phone, phone);
        assertThat(sent.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("no approved WhatsApp template"));
    }

    @Test
    void permanentFailureOnOneChannelMovesToTheNext() throws Exception {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(400)
                .withBody(twilioError(30007, "Message filtered"))));
        String email = uniqueEmail();

        JsonNode sent = awaitStatus(notify(request("quote_sent", "[\"sms\",\"email\"]",
                "{\"name\":\"Ana\",\"phone\":\"" + phone() + "\",\"email\":\"" + email + "\"}", """
                        {"charter_id":186,"trip":{"pickup":"Boston","dropoff":"Portland","date":"2026-06-12",
                         "passengers":48},"quote":{"total":"2,450.00","currency":"USD","valid_until":"2026-05-01",
                         "url":"https://coachway.example/q/186"}}""")), "sent");

        assertThat(sent.get("channel").asText()).isEqualTo("email");
        assertThat(sent.has("error_code")).as("a sent notification carries no error").isFalse();
        assertThat(sent.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("sms failed for good")
                && d.contains("30007"));
        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(twilioRequests()).hasSize(1);
        // kept for the SMS stats: failed there, never taken by Twilio
        assertThat(jdbc.sql("SELECT channel || ' ' || outcome || ' ' || sent || ' ' || error_code "
                + "FROM notification_attempts WHERE notification_id = ?").param(sent.get("id").asText())
                .query(String.class).list()).containsExactly("sms failed false 30007");
    }

    @Test
    void timeoutsResetsRateLimitsAndHtmlErrorPagesAreTransient() {
        PROVIDERS.stubFor(twilio().inScenario("mixed").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withFixedDelay(3000).withBody("{\"sid\":\"SMlate\"}"))
                .willSetStateTo("reset"));
        PROVIDERS.stubFor(twilio().inScenario("mixed").whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("busy"));
        PROVIDERS.stubFor(twilio().inScenario("mixed").whenScenarioStateIs("busy")
                .willReturn(aResponse().withStatus(429).withBody(twilioError(20429, "Too Many Requests")))
                .willSetStateTo("gateway"));
        PROVIDERS.stubFor(twilio().inScenario("mixed").whenScenarioStateIs("gateway")
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html>Bad gateway</html>"))
                .willSetStateTo("ok"));
        PROVIDERS.stubFor(twilio().inScenario("mixed").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM00000000000000000000000000000042\"}")));
        // a budget of 4 attempts cannot cover 5 answers: this one gets the tiers stretched
        String id = sms(phone());

        JsonNode parked = awaitStatus(id, "parked", "sent");

        assertThat(parked.get("status").asText()).isEqualTo("parked");
        assertThat(twilioRequests()).hasSize(4);
        assertThat(parked.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("timeout"))
                .anyMatch(d -> d.contains("20429"))
                .anyMatch(d -> d.contains("HTTP 502"));
    }

    @Test
    void oneAttemptIsOneHttpRequestEvenWhenTwilioAnswers5xx() {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(500)
                .withBody("{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":500}")));

        String id = sms(phone());
        // to the end of its retries, so none of them lands in the next test
        JsonNode parked = awaitStatus(id, "parked");

        // the SDK alone would have retried a 5xx three more times inside each of the four attempts
        assertThat(parked.get("attempts").asInt()).isEqualTo(4);
        assertThat(twilioRequests()).hasSize(4);
    }
}
