package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** WhatsApp through the Meta Cloud API (hub.whatsapp.provider=meta) against a WireMock Graph API. */
@TestPropertySource(properties = "hub.whatsapp.provider=meta")
class MetaWhatsAppTest extends DeliveryIntegrationTest {

    private static final String MESSAGES = "/meta/v21.0/1098765432/messages";

    private static MappingBuilder meta() {
        return WireMock.post(urlEqualTo(MESSAGES));
    }

    private static String metaError(int code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"fbtrace_id\":\"AbCd\"}}";
    }

    private static String accepted(String id) {
        return "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                + "\"messages\":[{\"id\":\"" + id + "\"}]}";
    }

    private static List<LoggedRequest> metaRequests() {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
    }

    private String payment(String phone) {
        return notify(request("payment_confirmation", "[\"whatsapp\",\"sms\"]",
                "{\"name\":\"Ana\",\"phone\":\"" + phone + "\"}",
                "{\"charter_id\":186,\"amount\":\"450.00\",\"currency\":\"USD\","
                        + "\"received_at\":\"2026-03-02T15:04:00Z\",\"receipt_url\":\"https://coachway.example/r/1\"}"));
    }

    @Test
    void theShippedApprovedTemplatesNameTwilioSidsWhichTheTemplatesApiSaysMetaWillRefuse() {
        JsonNode template = json(get("/api/v1/templates/charter_confirmed", "Authorization", "Bearer " + OPS_KEY)
                .body());

        assertThat(template.get("warnings")).singleElement().extracting(JsonNode::asText).asString().contains(
                "whatsapp.provider_template.id 'HXb5b62575e6e4ff6129ad7c8efe1f983e' is a Twilio Content SID",
                "Meta refuses it (error 132001)", "Set it to the name of the template Meta approved");
    }

    @Test
    void insideTheWindowFreeTextGoesToMetaWithTheBearerToken() {
        String phone = "+15555550301";
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        PROVIDERS.stubFor(meta().willReturn(aResponse().withStatus(200).withBody(accepted("wamid.HBgLMTU1NTU1"))));

        JsonNode sent = awaitStatus(payment(phone), "sent");

        assertThat(sent.get("provider").asText()).isEqualTo("meta");
        assertThat(sent.get("provider_message_id").asText()).isEqualTo("wamid.HBgLMTU1NTU1");
        LoggedRequest request = metaRequests().get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer test-meta-token");
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.get("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(body.get("to").asText()).isEqualTo("15555550301");
        assertThat(body.get("type").asText()).isEqualTo("text");
        assertThat(body.at("/text/body").asText()).startsWith("Thank you Ana! We received your payment of $450.00");
    }

    @Test
    void aMarketingTextSaysHowToStopThemAsAnSmsDoesAndSTOPOnWhatsAppStopsThem() {
        String phone = "+15555550313";
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        PROVIDERS.stubFor(meta().willReturn(aResponse().withStatus(200).withBody(accepted("wamid.HBgLoffer"))));

        awaitStatus(notify("{\"template\":\"payment_confirmation\",\"channels\":[\"whatsapp\"],"
                + "\"category\":\"marketing\",\"to\":{\"name\":\"Ana\",\"phone\":\"" + phone + "\"},"
                + "\"data\":{\"charter_id\":1,\"amount\":\"1\",\"currency\":\"USD\"}}"), "sent");

        assertThat(metaSentTo(phone)).singleElement().satisfies(sent -> assertThat(sent.at("/text/body").asText())
                .startsWith("Thank you Ana!").endsWith("\nReply STOP to opt out."));
    }

    @Test
    void helpIsAnsweredWithTheHelpTextOnceAsTwilioAnswersItInItsWebhooksResponse() {
        String phone = "+15555550309";
        textedTwice(phone, "help");

        await().atMost(Duration.ofSeconds(20)).until(() -> !metaRequests().isEmpty());
        List<JsonNode> sent = metaSentTo(phone);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("type").asText()).isEqualTo("text");
        assertThat(sent.get(0).at("/text/body").asText()).isEqualTo("CoachWay Charters: trip updates and reminders. "
                + "Msg&data rates may apply. Reply STOP to opt out. Help: +1 800 555 0100 or help@coachway.example");
        // the answer is listed under the message it answers
        JsonNode listed = latestInboundFrom(phone);
        assertThat(listed.get("kind").asText()).isEqualTo("help");
        assertThat(listed.at("/answers/0/answered_by").asText()).isEqualTo("hub");
    }

    @Test
    void anOptOutIsConfirmedOnceAsTwilioConfirmsItAndThatIsTheLastMessageTheNumberGets() {
        String phone = "+15555550312";
        textedTwice(phone, "Stop");

        JsonNode consent = json(get("/api/v1/consent/whatsapp/" + phone.replace("+", "%2B"), "Authorization",
                "Bearer " + OPS_KEY).body());
        assertThat(consent.get("opted_out").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> !metaSentTo(phone).isEmpty());
        JsonNode answer = latestInboundFrom(phone);
        assertThat(answer.get("kind").asText()).isEqualTo("opt_out");
        assertThat(answer.at("/answers/0/answered_by").asText()).isEqualTo("hub");
        awaitStatus(answer.at("/answers/0/notification_id").asText(), "sent");
        assertThat(metaSentTo(phone)).singleElement().satisfies(sent -> {
            assertThat(sent.get("type").asText()).isEqualTo("text");
            assertThat(sent.at("/text/body").asText()).isEqualTo("CoachWay Charters: you are unsubscribed and will "
                    + "get no more messages from us here. Reply START to resubscribe.");
        });

        // the confirmation passed consent by its origin alone: anything else to the number is blocked
        JsonNode later = awaitStatus(notify("{\"template\":\"payment_confirmation\",\"channels\":[\"whatsapp\"],"
                + "\"to\":{\"name\":\"Ana\",\"phone\":\"" + phone + "\"},"
                + "\"data\":{\"charter_id\":1,\"amount\":\"1\",\"currency\":\"USD\"}}"), "blocked");
        assertThat(later.get("reason").asText()).isEqualTo("opted_out");
        JsonNode resent = json(post("/api/v1/notifications/" + answer.at("/answers/0/notification_id").asText()
                + "/resend", "application/json", "", "Authorization", "Bearer " + OPS_KEY).body());
        assertThat(awaitStatus(resent.get("id").asText(), "blocked").get("reason").asText()).isEqualTo("opted_out");
        assertThat(metaSentTo(phone)).hasSize(1);
    }

    /** The person texts {@code text} once, and Meta delivers it twice: it is to be answered once. */
    private void textedTwice(String phone, String text) {
        PROVIDERS.stubFor(meta().willReturn(aResponse().withStatus(200).withBody(accepted("wamid.HBgLanswer"))));
        String message = metaText(phone.substring(1), "wamid.in-" + phone, text);
        assertThat(metaWebhook(message).statusCode()).isEqualTo(200);
        assertThat(metaWebhook(message).statusCode()).isEqualTo(200);
    }

    private JsonNode latestInboundFrom(String phone) {
        return json(get("/api/v1/inbound-messages?from=" + phone.replace("+", "%2B"), "Authorization",
                "Bearer " + OPS_KEY).body()).at("/items/0");
    }

    private static List<JsonNode> metaSentTo(String phone) {
        return metaRequests().stream().map(r -> json(r.getBodyAsString()))
                .filter(body -> body.path("to").asText().equals(phone.substring(1))).toList();
    }

    @Test
    void reEngagementErrorRetriesWithTheApprovedTemplateAndItsParameters() {
        String phone = "+15555550302";
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        PROVIDERS.stubFor(meta().inScenario("window").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(metaError(131047, "Re-engagement message")))
                .willSetStateTo("template"));
        PROVIDERS.stubFor(meta().inScenario("window").whenScenarioStateIs("template")
                .willReturn(aResponse().withStatus(200).withBody(accepted("wamid.template"))));

        JsonNode sent = awaitStatus(payment(phone), "sent");

        assertThat(sent.get("provider_message_id").asText()).isEqualTo("wamid.template");
        JsonNode second = json(metaRequests().get(1).getBodyAsString());
        assertThat(second.get("type").asText()).isEqualTo("template");
        assertThat(second.at("/template/name").asText()).isEqualTo("HX9c1f0b1a4d2e4b5e8f7a6c3d2e1f0a9b");
        assertThat(second.at("/template/language/code").asText()).isEqualTo("en_US");
        assertThat(second.at("/template/components/0/parameters").findValuesAsText("text"))
                .containsExactly("Ana", "$450.00", "186");
    }

    @Test
    void undeliverableFallsBackToSmsAtTwilio() {
        twilioAccepts();
        PROVIDERS.stubFor(meta().willReturn(aResponse().withStatus(400)
                .withBody(metaError(131026, "Message undeliverable"))));

        JsonNode sent = awaitStatus(payment("+15555550303"), "sent");

        assertThat(sent.get("channel").asText()).isEqualTo("sms");
        assertThat(metaRequests()).hasSize(1);
        assertThat(twilioRequests()).hasSize(1);
        assertThat(sent.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("131026"));

        // the next message to the number goes straight to SMS, not first to the same failure
        JsonNode next = awaitStatus(payment("+15555550303"), "sent");
        assertThat(next.get("channel").asText()).isEqualTo("sms");
        assertThat(metaRequests()).hasSize(1);
        assertThat(twilioRequests()).hasSize(2);
        assertThat(next.get("events").findValuesAsText("detail")).anyMatch(d -> d.matches("skipped whatsapp: "
                + "\\+1555\\*\\*\\*0303 could not be reached on WhatsApp \\(meta 131026 at .*\\); not tried again until"
                + " it writes to us there, or for 30 days"));
        // a message on WhatsApp alone is still tried there
        awaitStatus(notify(request("payment_confirmation", "[\"whatsapp\"]", "{\"name\":\"Ana\",\"phone\":"
                + "\"+15555550303\"}", "{\"charter_id\":186,\"amount\":\"450.00\"}")), "failed");
        assertThat(metaRequests()).hasSize(2);
        // nor is it skipped when the channel after it cannot carry the message: they texted STOP
        jdbc.sql("INSERT INTO suppressions (channel, address, category, kind, reason, source, actor) VALUES ('sms', "
                + "?, NULL, 'opted_out', 'replied STOP', 'sms_keyword', 'twilio')").param("+15555550303").update();
        awaitStatus(payment("+15555550303"), "failed");
        assertThat(metaRequests()).hasSize(3);
        jdbc.sql("DELETE FROM suppressions").update();
        // once they write to us on WhatsApp, it is tried there again
        assertThat(metaWebhook(metaText("15555550303", "wamid.in-0303", "hi")).statusCode()).isEqualTo(200);
        PROVIDERS.stubFor(meta().willReturn(aResponse().withStatus(200).withBody(accepted("wamid.back"))));
        JsonNode back = awaitStatus(payment("+15555550303"), "sent");
        assertThat(back.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(metaRequests()).hasSize(4);
    }

    @Test
    void throughputLimitAndExpiredTokenAreRetried() {
        PROVIDERS.stubFor(meta().inScenario("limits").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(metaError(130429, "Rate limit hit")))
                .willSetStateTo("token"));
        PROVIDERS.stubFor(meta().inScenario("limits").whenScenarioStateIs("token")
                .willReturn(aResponse().withStatus(401).withBody(metaError(190, "Access token expired")))
                .willSetStateTo("ok"));
        PROVIDERS.stubFor(meta().inScenario("limits").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(accepted("wamid.third"))));

        JsonNode sent = awaitStatus(payment("+15555550304"), "sent");

        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(sent.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(metaRequests()).hasSize(3);
        // each failed attempt is told once, in Meta's words, and followed by when the next comes
        List<String> failures = sent.get("events").findValuesAsText("detail").stream()
                .filter(d -> d.startsWith("attempt failed")).toList();
        assertThat(failures).containsExactly("attempt failed: meta 130429: Rate limit hit",
                "attempt failed: meta 190: Access token expired");
    }

    @Test
    void aMessageMetaKeepsRefusingIsParkedWithMetasOwnErrorAndOneLinePerAttempt() {
        PROVIDERS.stubFor(
                meta().willReturn(aResponse().withStatus(503).withBody(metaError(131000, "Something went wrong"))));

        JsonNode parked = awaitStatus(payment("+15555550314"), "parked");

        assertThat(metaRequests()).hasSize(4);
        assertThat(parked.get("error_code").asText()).isEqualTo("131000");
        assertThat(parked.get("reason").asText())
                .isEqualTo("retries exhausted after 4 attempts: meta 131000: Something went wrong");
        assertThat(parked.get("events").findValuesAsText("detail").stream()
                .filter(d -> d.startsWith("attempt failed"))).hasSize(4)
                .allMatch("attempt failed: meta 131000: Something went wrong"::equals);
    }

    @Test
    void marketingStopSuppressesMarketingOnly() {
        String phone = "+15555550305";
        PROVIDERS.stubFor(meta().willReturn(aResponse().withStatus(400)
                .withBody(metaError(131050, "User stopped marketing messages"))));

        JsonNode failed = awaitStatus(notify("{\"template\":\"payment_confirmation\",\"channels\":[\"whatsapp\"],"
                + "\"category\":\"marketing\",\"to\":{\"name\":\"Ana\",\"phone\":\"" + phone + "\"},"
                + "\"data\":{\"charter_id\":1,\"amount\":\"1\",\"currency\":\"USD\","
                + "\"received_at\":\"2026-03-02\",\"receipt_url\":\"https://x.example\"}}"), "failed");

        assertThat(failed.get("error_code").asText()).isEqualTo("131050");
        assertThat(jdbc.sql("SELECT category FROM suppressions WHERE channel = 'whatsapp' AND address = ?")
                .param(phone).query(String.class).single()).isEqualTo("marketing");
    }

    /** Slower than the 2 s read timeout, or a connection closed before any answer. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"slower than the timeout", "connection closed before any answer"})
    void noAnswerFromMetaIsParkedAsOutcomeUnknownNotSentAgainAnywhere(String how) {
        String phone = how.startsWith("slower") ? "+15555550309" : "+15555550310";
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        // Meta may have taken it, and it has no API that says whether it did
        ResponseDefinitionBuilder taken = aResponse().withStatus(200).withBody(accepted("wamid.late"));
        PROVIDERS.stubFor(meta().willReturn(how.startsWith("slower")
                ? taken.withFixedDelay(3000)
                : taken.withFault(Fault.EMPTY_RESPONSE)));
        twilioAccepts();

        JsonNode parked = awaitStatus(payment(phone), "parked", "sent");

        assertThat(parked.get("status").asText()).isEqualTo("parked");
        assertThat(parked.get("reason").asText()).isEqualTo("outcome_unknown");
        assertThat(parked.get("error_message").asText()).contains("meta cannot be asked");
        assertThat(metaRequests()).hasSize(1);
        // not moved on to SMS either: the customer may already have the WhatsApp message
        assertThat(twilioRequests()).isEmpty();
    }

    /**
     * A reset is retried: Meta cannot be asked, and a reset before the request went (in the TLS handshake, say) is
     * no reason to park a message that never left.
     */
    @Test
    void aConnectionResetByMetaIsSentAgain() {
        String phone = "+15555550311";
        jdbc.sql("INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (?, now())").param(phone).update();
        PROVIDERS.stubFor(meta().inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        PROVIDERS.stubFor(meta().inScenario("reset").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(accepted("wamid.second"))));
        twilioAccepts();

        JsonNode sent = awaitStatus(payment(phone), "sent", "parked");

        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(sent.get("provider_message_id").asText()).isEqualTo("wamid.second");
        assertThat(metaRequests()).hasSize(2);
        assertThat(sent.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.contains("attempt failed: meta broken"));
        assertThat(twilioRequests()).isEmpty();
    }
}
