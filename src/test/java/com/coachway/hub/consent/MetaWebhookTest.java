package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meta's WhatsApp webhook: the subscription handshake, the signature, inbound messages and user preferences. */
class MetaWebhookTest extends DeliveryIntegrationTest {

    private static final String PATH = "/webhooks/whatsapp";

    @Autowired
    MeterRegistry meters;

    private HttpResponse<String> handshake(String mode, String token, String challenge) {
        return get(PATH + "?hub.mode=" + enc(mode) + "&hub.verify_token=" + enc(token) + "&hub.challenge="
                + enc(challenge));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String preference(String waId, String value) {
        return preference(waId, value, 1731705721);
    }

    private static String preference(String waId, String value, long at) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[
                 {"field":"user_preferences","value":{"messaging_product":"whatsapp",
                 "metadata":{"display_phone_number":"15550783881","phone_number_id":"1098765432"},
                 "contacts":[{"profile":{"name":"Ana"},"wa_id":"%1$s"}],
                 "user_preferences":[{"wa_id":"%1$s","detail":"User requested to %2$s marketing messages",
                 "category":"marketing_messages","value":"%2$s","timestamp":%3$d}]}}]}]}
                """.formatted(waId, value, at);
    }

    // the STOP's own confirmation is the one message the number still gets (MetaWhatsAppTest)
    private static void assertNothingReachedAProviderButConfirmations() {
        assertThat(PROVIDERS.getAllServeEvents()).allSatisfy(served -> assertThat(served.getRequest()
                .getBodyAsString()).containsAnyOf("you+are+unsubscribed", MARKETING_STOPPED));
    }

    // hub.consent.marketing-stop-text as it reaches Twilio's form
    private static final String MARKETING_STOPPED = "you+will+get+no+more+offers+from+us+here.+Updates+about+your+trips"
            + "+go+on.";

    private JsonNode consent(String phone) {
        return json(get("/api/v1/consent/whatsapp/" + phone, "Authorization", "Bearer " + OPS_KEY).body());
    }

    @Test
    void theHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        HttpResponse<String> right = handshake("subscribe", ProviderWebhooks.META_VERIFY_TOKEN, "1158201444");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("1158201444");
        assertThat(right.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));

        for (HttpResponse<String> wrong : List.of(
                handshake("subscribe", "wrong-token", "1158201444"),
                handshake("subscribe", ProviderWebhooks.META_VERIFY_TOKEN + "x", "1158201444"),
                handshake("unsubscribe", ProviderWebhooks.META_VERIFY_TOKEN, "1158201444"),
                handshake("subscribe", "", "1158201444"),
                // a challenge that is not Meta's kind of value is never echoed (no reflected markup)
                handshake("subscribe", ProviderWebhooks.META_VERIFY_TOKEN, "<script>alert(1)</script>"),
                get(PATH))) {
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(wrong.body()).doesNotContain("1158201444").doesNotContain("<script>");
        }
    }

    @Test
    void aBadOrMissingSignatureIs403AndChangesNothing() {
        String phone = uniquePhone();
        String body = metaText(phone.substring(1), "wamid.bad-" + phone, "STOP");
        String genuine = ProviderWebhooks.metaSignature(body);
        double refusedBefore = refused();

        for (String signature : List.of("", "sha256=", "sha256=00", genuine.replace("sha256=", "sha1="),
                ProviderWebhooks.metaSignature(body + " "), "sha256=" + "z".repeat(64))) {
            HttpResponse<String> refused = post(PATH, "application/json", body, "X-Hub-Signature-256", signature);
            assertThat(refused.statusCode()).as(signature).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(post(PATH, "application/json", body).statusCode()).isEqualTo(403);
        // the genuine signature over a changed body
        assertThat(post(PATH, "application/json", body.replace("STOP", "START"), "X-Hub-Signature-256", genuine)
                .statusCode()).isEqualTo(403);

        assertThat(consent(phone).get("opted_out").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM inbound_messages WHERE address = ?").param(phone)
                .query(Integer.class).single()).isZero();
        // counted for ops, who alert on it: a wrong hub.meta.app-secret refuses every status and opt-out
        assertThat(refused() - refusedBefore).isEqualTo(8);
    }

    private double refused() {
        Counter refused = meters.find("hub.webhooks.refused").tags("provider", "meta").counter();
        return refused == null ? 0 : refused.count();
    }

    @Test
    void anInboundMessageOpensTheWindowAndStopOptsOutOfWhatsApp() {
        String phone = uniquePhone();
        HttpResponse<String> hello = metaWebhook(metaText(phone.substring(1), "wamid.1-" + phone, "Hello, driver?"));
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_windows WHERE phone = ?").param(phone)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(consent(phone).get("opted_out").asBoolean()).isFalse();

        assertThat(metaWebhook(metaText(phone.substring(1), "wamid.2-" + phone, "stop")).statusCode())
                .isEqualTo(200);
        JsonNode state = consent(phone);
        assertThat(state.get("opted_out").asBoolean()).isTrue();
        assertThat(state.get("source").asText()).isEqualTo("whatsapp");
        assertThat(state.get("categories")).hasSize(3);

        // a WhatsApp notification to that phone is blocked before it reaches Meta
        String id = notify(request("charter_confirmed", "[\"whatsapp\"]", "{\"name\":\"Ana\",\"phone\":\"" + phone
                + "\"}",
                "{\"charter_id\":7,\"trip\":{\"date\":\"2026-06-12\",\"pickup_time\":\"08:30\","
                        + "\"pickup\":\"Boston\",\"dropoff\":\"Portland\",\"passengers\":20}}"));
        assertThat(awaitStatus(id, "blocked", "sent").get("reason").asText()).isEqualTo("opted_out");
        assertNothingReachedAProviderButConfirmations();
    }

    @Test
    void userPreferencesStopAndResumeMarketingOnly() {
        String phone = uniquePhone();
        String waId = phone.substring(1);
        // the offer the person stopped from, as the hub keeps one it sent
        String offer = "ntf_offer_" + waId;
        jdbc.sql("""
                INSERT INTO notifications (id, origin, template, category, priority, channels, channel, address, phone,
                    status, provider, provider_message_id, attempt_started_at)
                VALUES (?, 'api', 'seasonal_offer', 'marketing', 'low', '{whatsapp}', 'whatsapp', ?, ?, 'read', 'meta',
                    'wamid.offer-' || ?, now() - interval '1 hour')
                """).params(offer, phone, phone, waId).update();

        assertThat(metaWebhook(preference(waId, "stop")).statusCode()).isEqualTo(200);
        JsonNode stopped = consent(phone);
        assertThat(stopped.get("opted_out").asBoolean()).isTrue();
        assertThat(stopped.get("categories")).extracting(JsonNode::asText).containsExactly("marketing");

        assertThat(metaWebhook(preference(waId, "resume")).statusCode()).isEqualTo(200);
        assertThat(consent(phone).get("opted_out").asBoolean()).isFalse();

        JsonNode history = json(get("/api/v1/consent/whatsapp/" + phone + "/history", "Authorization",
                "Bearer " + OPS_KEY).body()).get("history");
        assertThat(history).extracting(h -> h.get("action").asText() + "/" + h.get("category").asText() + "/"
                + h.get("source").asText()).containsExactly("opt_in/marketing/whatsapp", "opt_out/marketing/whatsapp");
        // counted against the offer in its template's stats
        assertThat(history.get(1).get("notification_id").asText()).isEqualTo(offer);
    }

    @Test
    void tappingAMarketingTemplatesStopPromotionsButtonStopsMarketingOnly() {
        twilioAccepts();
        String phone = uniquePhone();
        String tapped = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"1098765432"},
                 "messages":[{"from":"%s","id":"wamid.button-%s","timestamp":"%d","type":"button",
                  "context":{"from":"15550783881","id":"wamid.offer"},
                  "button":{"payload":"Stop promotions","text":"Stop promotions"}}]}}]}]}
                """.formatted(phone.substring(1), phone, System.currentTimeMillis() / 1000);

        assertThat(metaWebhook(tapped).statusCode()).isEqualTo(200);
        assertThat(consent(phone).get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        // not a reply for customer care: the hub has done what it asked, and says so
        assertThat(jdbc.sql("SELECT h.handled_by FROM inbound_messages m JOIN inbound_handled h "
                + "ON h.inbound_message_id = m.id WHERE m.address = ?").param(phone).query(String.class).list())
                .containsExactly("hub");
        assertThat(jdbc.sql("SELECT count(*) FROM notifications n JOIN inbound_messages m "
                + "ON n.origin_key = 'reply:' || m.id WHERE m.address = ?").param(phone).query(Integer.class).single())
                .isZero();
        // Meta's webhook carries no answer: the hub's goes back as a WhatsApp message of its own, once
        await().atMost(Duration.ofSeconds(10)).until(() -> PROVIDERS.getAllServeEvents().stream()
                .anyMatch(served -> served.getRequest().getBodyAsString().contains(MARKETING_STOPPED)));
        assertThat(metaWebhook(tapped).statusCode()).as("Meta sends it again").isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE origin_key LIKE 'marketing-stop:%' AND phone = ?")
                .param(phone).query(Integer.class).single()).isEqualTo(1);
        assertNothingReachedAProviderButConfirmations();
    }

    @Test
    void aResumeOrStartThatArrivesLateNeverUndoesALaterStop() {
        String phone = uniquePhone();
        String waId = phone.substring(1);
        long now = System.currentTimeMillis() / 1000;

        // the resume was asked for first; Meta delivers it only after the stop (a retried webhook)
        metaWebhook(preference(waId, "stop", now - 100));
        assertThat(metaWebhook(preference(waId, "resume", now - 300)).statusCode()).isEqualTo(200);
        JsonNode stopped = consent(phone);
        assertThat(stopped.get("opted_out").asBoolean()).isTrue();
        assertThat(stopped.get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        // a resume asked for after the stop lifts it
        metaWebhook(preference(waId, "resume", now - 90));
        assertThat(consent(phone).get("opted_out").asBoolean()).isFalse();

        // STOP, STOP again (an opt-out already in force), then a START sent between the two arrives
        metaWebhook(metaText(waId, "wamid.stop1-" + phone, "STOP", now - 40));
        metaWebhook(metaText(waId, "wamid.stop2-" + phone, "STOP", now - 10));
        assertThat(metaWebhook(metaText(waId, "wamid.start-" + phone, "START", now - 20)).statusCode())
                .isEqualTo(200);
        assertThat(consent(phone).get("categories")).hasSize(3);
        String id = notify(request("charter_confirmed", "[\"whatsapp\"]", "{\"name\":\"Ana\",\"phone\":\""
                + phone + "\"}", "{\"charter_id\":7}"));
        assertThat(awaitStatus(id, "blocked", "sent").get("reason").asText()).isEqualTo("opted_out");
        assertNothingReachedAProviderButConfirmations();

        // a START sent after the last STOP counts
        metaWebhook(metaText(waId, "wamid.start2-" + phone, "START", now));
        assertThat(consent(phone).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void aChangedNumberTakesThePersonsOptOutsAlongAndIsNoReplyForCustomerCare() {
        String before = uniquePhone();
        String after = uniquePhone();
        jdbc.sql("INSERT INTO suppressions (channel, address, category, kind, reason, source, actor) VALUES "
                + "('sms', ?, NULL, 'opted_out', 'replied STOP', 'sms_keyword', 'twilio'), "
                + "('whatsapp', ?, 'marketing', 'opted_out', 'stopped marketing messages', 'whatsapp', 'meta'), "
                + "('whatsapp', ?, 'reminders', 'suppressed', 'not on WhatsApp', 'provider_error', 'meta')")
                .params(before, before, before).update();

        assertThat(metaWebhook(system(before.substring(1), "wamid.sys-" + before, """
                {"type":"user_changed_number","new_wa_id":"%s","body":"User A changed from %s to %s"}"""
                .formatted(after.substring(1), before.substring(1), after.substring(1)))).statusCode())
                .isEqualTo(200);

        // what the person asked for follows them; that the old number is gone does not
        assertThat(json(get("/api/v1/consent/sms/" + after, "Authorization", "Bearer " + OPS_KEY).body())
                .get("categories")).hasSize(3);
        JsonNode whatsapp = consent(after);
        assertThat(whatsapp.get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        assertThat(whatsapp.get("reason").asText()).startsWith("carried over from +1555***")
                .endsWith("this person's number before (stopped marketing messages)");
        assertThat(inboundFrom(before, after)).isZero();

        // a preference changed, told as a system message, is read as user_preferences is
        metaWebhook(system(after.substring(1), "wamid.sys2-" + after, """
                {"type":"user_preference_changed","marketing":"resume","body":"User requested to resume"}"""));
        assertThat(consent(after).get("opted_out").asBoolean()).isFalse();
        assertThat(inboundFrom(before, after)).isZero();
    }

    private int inboundFrom(String one, String other) {
        return jdbc.sql("SELECT count(*) FROM inbound_messages WHERE address IN (?, ?)").params(one, other)
                .query(Integer.class).single();
    }

    private static String system(String waId, String messageId, String system) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"1098765432"},
                 "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"system","system":%s}]}}]}]}
                """.formatted(waId, messageId, System.currentTimeMillis() / 1000, system);
    }

    @Test
    void aRetriedNotificationIsHandledOnce() {
        String phone = uniquePhone();
        String stop = metaText(phone.substring(1), "wamid.retry-" + phone, "STOP");
        metaWebhook(stop);
        metaWebhook(metaText(phone.substring(1), "wamid.start-" + phone, "START"));
        assertThat(metaWebhook(stop).statusCode()).isEqualTo(200);
        assertThat(consent(phone).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void signedButOddBodiesAreAnsweredWithoutHarm() {
        // Meta retries anything that is not 2xx for days: a signed body we do not understand is still 200
        for (String body : List.of("{}", "{\"entry\":\"not a list\"}", "{\"entry\":[{\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"messages\":[{\"from\":\"'; DROP TABLE suppressions; --\",\"id\":\"x\","
                + "\"text\":{\"body\":\"STOP\"}}]}}]}]}", "[]",
                "{\"entry\":[{\"changes\":[{\"field\":\"statuses\"}]}]}")) {
            assertThat(metaWebhook(body).statusCode()).as(body).isEqualTo(200);
        }
        // the message from a sender that is no phone number is kept as it came, and suppresses nobody
        assertThat(jdbc.sql("SELECT body FROM inbound_messages WHERE channel = 'whatsapp' AND address = ?")
                .param("'; DROP TABLE suppressions; --").query(String.class).list()).containsExactly("STOP");
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions WHERE address LIKE '%DROP%'").query(Long.class)
                .single()).isZero();
        // signed but not JSON at all
        HttpResponse<String> notJson = metaWebhook("this is not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() {
        String huge = "{\"entry\":[" + "{},".repeat(400_000) + "{}]}";
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri(PATH))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", ProviderWebhooks.metaSignature(huge))
                .POST(HttpRequest.BodyPublishers.ofString(huge))
                .build());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
