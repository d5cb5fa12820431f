package com.coachway.hub.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;

/** Meta's statuses[] in the WhatsApp webhook, applied forward only, however out of order Meta sends them. */
@TestPropertySource(properties = {"hub.whatsapp.provider=meta", "hub.tracking.apply-interval=100"})
class MetaStatusTest extends DeliveryIntegrationTest {

    private String sentWhatsApp(String wamid) {
        return sentWhatsApp(wamid, "[\"whatsapp\"]");
    }

    private String sentWhatsApp(String wamid, String channels) {
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/meta/v21.0/1098765432/messages")).willReturn(aResponse()
                .withStatus(200).withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\","
                        + "\"wa_id\":\"x\"}],\"messages\":[{\"id\":\"" + wamid + "\"}]}")));
        String phone = uniquePhone();
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        String id = notify(request("payment_confirmation", channels, "{\"name\":\"Ana\",\"phone\":\"" + phone
                + "\"}",
                "{\"charter_id\":186,\"amount\":\"450.00\",\"payment\":{\"currency\":\"USD\","
                        + "\"received_at\":\"2026-03-02T15:04:00Z\",\"receipt_url\":\"https://coachway.example/r/1\"}}"));
        awaitStatus(id, "sent");
        return id;
    }

    private static String statuses(String... entries) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"1098765432"},"statuses":[%s]}}]}]}""".formatted(String.join(",", entries));
    }

    private static String status(String wamid, String status, long timestamp) {
        return """
                {"id":"%s","status":"%s","timestamp":"%d","recipient_id":"15555550199",
                 "pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}}"""
                .formatted(wamid, status, timestamp);
    }

    @Test
    void readAfterDeliveredMovesForwardAndALateDeliveredDoesNot() {
        String wamid = "wamid.read-" + System.nanoTime();
        String id = sentWhatsApp(wamid);

        assertThat(metaWebhook(statuses(status(wamid, "delivered", 1_700_000_010))).statusCode()).isEqualTo(200);
        awaitStatus(id, "delivered");
        assertThat(metaWebhook(statuses(status(wamid, "read", 1_700_000_020))).statusCode()).isEqualTo(200);
        JsonNode read = awaitStatus(id, "read");
        assertThat(read.get("events").findValuesAsText("status")).containsSubsequence("sent", "delivered", "read");

        // Meta documents that statuses can arrive out of order: a delivered after read changes nothing
        metaWebhook(statuses(status(wamid, "delivered", 1_700_000_015), status(wamid, "sent", 1_700_000_005)));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM provider_callbacks WHERE message_id = ? AND state = 'pending'").param(wamid)
                .query(Integer.class).single() == 0);
        assertThat(notification(id).get("status").asText()).isEqualTo("read");
    }

    @Test
    void readBeforeDeliveredIsStillRead() {
        String wamid = "wamid.early-" + System.nanoTime();
        String id = sentWhatsApp(wamid);
        metaWebhook(statuses(status(wamid, "read", 1_700_000_020), status(wamid, "delivered", 1_700_000_010)));
        awaitStatus(id, "read");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT state FROM provider_callbacks WHERE message_id = ? ORDER BY id").param(wamid)
                .query(String.class).list().equals(List.of("applied", "ignored")));
    }

    @Test
    void aFailedStatusLandsWithItsErrorCodeAndAMarketingStopIsRecorded() {
        String wamid = "wamid.failed-" + System.nanoTime();
        String id = sentWhatsApp(wamid);
        String failed = """
                {"id":"%s","status":"failed","timestamp":"1700000030","recipient_id":"15555550199",
                 "errors":[{"code":131050,"title":"Unable to deliver the message. This recipient has chosen to stop
                 receiving marketing messages on WhatsApp from your business.","message":"Unable to deliver",
                 "error_data":{"details":"The user has stopped marketing messages"}}]}""".formatted(wamid)
                .replace("\n", "");
        assertThat(metaWebhook(statuses(failed)).statusCode()).isEqualTo(200);

        JsonNode failure = awaitStatus(id, "failed");
        assertThat(failure.get("error_code").asText()).isEqualTo("131050");
        assertThat(failure.get("error_message").asText()).isEqualTo("The user has stopped marketing messages");
        String phone = jdbc.sql("SELECT address FROM notifications WHERE id = ?").param(id).query(String.class)
                .single();
        JsonNode consent = json(get("/api/v1/consent/whatsapp/" + phone, "Authorization", "Bearer " + OPS_KEY)
                .body());
        assertThat(consent.get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        assertThat(consent.get("source").asText()).isEqualTo("provider_error");
    }

    @Test
    void aMessageMetaCouldNotDeliverGoesOutAsSms() {
        twilioAccepts();
        String wamid = "wamid.undeliverable-" + System.nanoTime();
        String id = sentWhatsApp(wamid, "[\"whatsapp\",\"sms\"]");
        String failed = """
                {"id":"%s","status":"failed","timestamp":"1700000030","recipient_id":"15555550199",
                 "errors":[{"code":131026,"title":"Message undeliverable","message":"Message undeliverable",
                 "error_data":{"details":"Message Undeliverable."}}]}""".formatted(wamid).replace("\n", "");
        assertThat(metaWebhook(statuses(failed)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> twilioRequests().size() == 1);
        JsonNode sms = awaitStatus(id, "sent");
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
        assertThat(Forms.parse(twilioRequests().get(0).getBodyAsString()).get("Body"))
                .isEqualTo("CoachWay: we received your payment of 450.00 for charter #186. Thank you!");
        assertThat(sms.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith(
                "whatsapp not delivered: meta reports failed (131026"));
    }

    @Test
    void statusesWithoutAnIdOrStatusAreSkipped() {
        assertThat(metaWebhook(statuses("{\"status\":\"delivered\"}", "{\"id\":\"wamid.x\"}",
                "{\"id\":\"" + "x".repeat(500) + "\",\"status\":\"read\"}")).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM provider_callbacks WHERE provider = 'meta' AND "
                + "(message_id = 'wamid.x' OR length(message_id) > 128)").query(Integer.class).single()).isZero();
    }
}
