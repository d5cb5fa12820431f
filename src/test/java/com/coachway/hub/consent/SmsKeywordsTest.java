package com.coachway.hub.consent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.coachway.hub.support.ProviderWebhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * SMS keywords through Twilio's inbound webhook, end to end: a signed STOP blocks the next reminder before it
 * reaches Twilio, START lets it through again, HELP is answered, anything else is only kept.
 */
class SmsKeywordsTest extends DeliveryIntegrationTest {

    private static final String INBOUND = "/webhooks/twilio/inbound";

    @DynamicPropertySource
    static void slowRetries(DynamicPropertyRegistry registry) {
        // long enough for a STOP to arrive while a reminder waits in the first retry tier
        registry.add("hub.retry.delays", () -> "PT2S,PT2S,PT2S");
    }

    /** A trip.reminder event for a client whose phone is written in national format. */
    private String reminder(String nationalPhone) {
        String id = "evt-" + UUID.randomUUID();
        HttpResponse<String> accepted = postEvent(event(id, "trip.reminder", """
                {"charter_id":186,"trip":{"date":"%s","pickup_time":"08:30","pickup":"Boston South Station"},
                 "driver":{"name":"Dave Moreno","phone":"+1 555 555 0188"},
                 "client":{"name":"Ana Ruiz","phone":"%s"}}""".formatted(TRIP_DATE, nationalPhone)));
        assertThat(accepted.statusCode()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/api/v1/notifications?event_id=" + id,
                "Authorization", "Bearer " + OPS_KEY).body()).get("items"), items -> items.size() == 1)
                .get(0).get("id").asText();
    }

    private static String national(String e164) {
        // +1555NNNNNNN -> (555) NNN-NNNN
        return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
    }

    private List<String> twilioRecipients() {
        return twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()).get("To")).toList();
    }

    private JsonNode consent(String channel, String address) {
        HttpResponse<String> response = get("/api/v1/consent/" + channel + "/" + address, "Authorization",
                "Bearer " + OPS_KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body());
    }

    @Test
    void signedStopBlocksTheNextReminderAndStartLetsItThrough() {
        twilioAccepts();
        String phone = uniquePhone();

        HttpResponse<String> stop = textFrom(phone, "  Stop \n");
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/xml"));
        assertThat(stop.body()).contains("<Response></Response>");

        JsonNode blocked = awaitStatus(reminder(national(phone)), "blocked", "sent");
        assertThat(blocked.get("status").asText()).isEqualTo("blocked");
        assertThat(blocked.get("reason").asText()).isEqualTo("opted_out");
        assertThat(twilioRequests()).isEmpty();

        JsonNode state = consent("sms", phone);
        assertThat(state.get("opted_out").asBoolean()).isTrue();
        assertThat(state.get("source").asText()).isEqualTo("sms_keyword");
        assertThat(state.get("categories")).extracting(JsonNode::asText)
                .containsExactly("transactional", "marketing", "reminders");

        assertThat(textFrom(phone, "START").statusCode()).isEqualTo(200);
        awaitStatus(reminder(national(phone)), "sent");
        assertThat(twilioRecipients()).containsExactly(phone);
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();

        JsonNode history = json(get("/api/v1/consent/sms/" + phone + "/history", "Authorization",
                "Bearer " + OPS_KEY).body()).get("history");
        assertThat(history).extracting(h -> h.get("action").asText() + "/" + h.get("source").asText())
                .containsExactly("opt_in/sms_keyword", "opt_out/sms_keyword");
        assertThat(history.get(1).get("reason").asText()).isEqualTo("replied STOP");
    }

    @Test
    void aMarketingTextSaysHowToStopThemAndAReminderDoesNot() {
        twilioAccepts();
        String phone = uniquePhone();

        awaitStatus(reminder(national(phone)), "sent");
        String offer = notify("""
                {"template":"trip_reminder","channels":["sms"],"category":"marketing",
                 "to":{"name":"Ana Ruiz","phone":"%s"},
                 "data":{"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston South Station"}}}"""
                .formatted(phone));
        awaitStatus(offer, "sent");

        List<String> texts = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()))
                .filter(form -> phone.equals(form.get("To"))).map(form -> form.get("Body")).toList();
        assertThat(texts).hasSize(2);
        assertThat(texts).filteredOn(text -> text.contains("STOP")).singleElement()
                .satisfies(text -> assertThat(text).endsWith("\nReply STOP to opt out."));
        assertThat(notification(offer).at("/content/text").asText()).endsWith("\nReply STOP to opt out.");
    }

    @Test
    void stopPromotionsStopsMarketingOnlyAndIsNoReplyForCustomerCare() {
        twilioAccepts();
        String phone = uniquePhone();

        // a marketing template's opt-out button, as its words arrive (Twilio gives a tapped button's text as Body);
        // answered, so the person knows promotions stopped and trip messages did not
        assertThat(textFrom(phone, " stop promotions!").body()).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>CoachWay Charters: you will get no more "
                        + "offers from us here. Updates about your trips go on. Reply START to get offers again."
                        + "</Message></Response>");
        assertThat(consent("sms", phone).get("categories")).extracting(JsonNode::asText).containsExactly("marketing");
        JsonNode history = json(get("/api/v1/consent/sms/" + phone + "/history", "Authorization",
                "Bearer " + OPS_KEY).body()).get("history");
        assertThat(history).singleElement().satisfies(change -> assertThat(change.get("action").asText() + "/"
                + change.get("category").asText() + "/" + change.get("source").asText() + "/" + change.get("reason")
                        .asText())
                .isEqualTo("opt_out/marketing/sms_keyword/replied \"stop promotions!\""));

        String offer = notify("""
                {"template":"trip_reminder","channels":["sms"],"category":"marketing",
                 "to":{"name":"Ana Ruiz","phone":"%s"},
                 "data":{"trip":{"date":"2026-06-12","pickup_time":"08:30","pickup":"Boston South Station"}}}"""
                .formatted(phone));
        assertThat(awaitStatus(offer, "blocked", "sent").get("reason").asText()).isEqualTo("category_disabled");
        awaitStatus(reminder(national(phone)), "sent");
        assertThat(twilioRecipients()).containsExactly(phone);

        // kept where ops read replies, marked as handled by the hub, and forwarded to nobody
        JsonNode kept = json(get("/api/v1/inbound-messages?from=%2B" + phone.substring(1), "Authorization",
                "Bearer " + OPS_KEY).body()).at("/items/0");
        assertThat(kept.get("kind").asText()).isEqualTo("reply");
        assertThat(kept.at("/handled/by").asText()).isEqualTo("hub");
        assertThat(kept.at("/handled/note").asText()).startsWith("marketing messages stopped on sms");
        assertThat(kept.path("forwarded_as").asText(null)).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE origin_key = ?").param("reply:" + kept.get("id")
                .asText()).query(Integer.class).single()).isZero();
    }

    @Test
    void everyOptOutKeywordWorksInAnyCase() {
        for (String keyword : List.of("STOP", "stopall", "Unsubscribe", "cancel", "END", "quit", "OptOut",
                "revoke")) {
            String phone = uniquePhone();
            assertThat(textFrom(phone, keyword).statusCode()).isEqualTo(200);
            assertThat(consent("sms", phone).get("opted_out").asBoolean()).as(keyword).isTrue();
        }
        for (String keyword : List.of("start", "YES", "Unstop")) {
            String phone = uniquePhone();
            textFrom(phone, "STOP");
            assertThat(textFrom(phone, keyword).statusCode()).isEqualTo(200);
            assertThat(consent("sms", phone).get("opted_out").asBoolean()).as(keyword).isFalse();
        }
    }

    @Test
    void unsignedOrWronglySignedRequestsAre403AndChangeNothing() {
        String phone = uniquePhone();
        Map<String, String> params = inboundText(phone, "STOP");
        String form = ProviderWebhooks.form(params);

        HttpResponse<String> unsigned = post(INBOUND, "application/x-www-form-urlencoded", form);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unsigned.body()).get("status").asInt()).isEqualTo(403);

        // signed for the URL the hub sees, not the public one Twilio called
        String internal = ProviderWebhooks.twilioSignature("http://localhost:" + port + INBOUND, params);
        assertThat(post(INBOUND, "application/x-www-form-urlencoded", form, "X-Twilio-Signature", internal)
                .statusCode()).isEqualTo(403);

        // a genuine signature, but the body was changed on the way
        String genuine = ProviderWebhooks.twilioSignature(ProviderWebhooks.PUBLIC_BASE_URL + INBOUND, params);
        assertThat(post(INBOUND, "application/x-www-form-urlencoded", form.replace("STOP", "START"),
                "X-Twilio-Signature", genuine).statusCode()).isEqualTo(403);
        assertThat(post(INBOUND, "application/x-www-form-urlencoded", form, "X-Twilio-Signature", "not base64!!")
                .statusCode()).isEqualTo(403);

        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM inbound_messages WHERE address = ?").param(phone)
                .query(Integer.class).single()).isZero();

        // and the same request, signed, does act
        assertThat(post(INBOUND, "application/x-www-form-urlencoded", form, "X-Twilio-Signature", genuine)
                .statusCode()).isEqualTo(200);
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isTrue();
    }

    @Test
    void helpAndInfoAreAnsweredWithTheHelpText() {
        String phone = uniquePhone();
        for (String keyword : List.of("HELP", " info ")) {
            HttpResponse<String> help = textFrom(phone, keyword);
            assertThat(help.statusCode()).isEqualTo(200);
            assertThat(help.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/xml"));
            assertThat(help.body()).startsWith("<?xml").contains("<Response><Message>CoachWay Charters: trip updates")
                    .contains("Msg&amp;data rates may apply").endsWith("</Message></Response>");
        }
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void aSentenceWithAKeywordInItIsOnlyKept() {
        String phone = uniquePhone();
        for (String text : List.of("Stop at Main St please", "Yes.", "Cancel please", "S T O P", "")) {
            assertThat(textFrom(phone, text).body()).isEqualTo(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");
        }
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT body FROM inbound_messages WHERE address = ? AND keyword IS NULL ORDER BY id")
                .param(phone).query(String.class).list()).startsWith("Stop at Main St please", "Yes.", "Cancel please");
    }

    @Test
    void askingToStopInAFewWordsOptsOutAndIsConfirmedAsTwilioWouldNot() {
        for (String text : List.of("Stop please", "STOP ALL", "please stop texting me 🙏", "opt out")) {
            String phone = uniquePhone();
            HttpResponse<String> reply = textFrom(phone, text);

            assertThat(reply.body()).as(text).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"
                    + "CoachWay Charters: you are unsubscribed and will get no more messages from us here. Reply START "
                    + "to resubscribe.</Message></Response>");
            JsonNode consent = consent("sms", phone);
            assertThat(consent.get("opted_out").asBoolean()).as(text).isTrue();
            assertThat(consent.get("reason").asText()).as(text).isIn("replied STOP", "replied OPTOUT");
        }
        // a lone keyword Twilio has confirmed already: a second confirmation would be one text too many
        String phone = uniquePhone();
        assertThat(textFrom(phone, "STOP").body()).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isTrue();
        // Twilio leaves WhatsApp opt-outs to us, even a lone STOP
        String whatsapp = uniquePhone();
        assertThat(textFrom("whatsapp:" + whatsapp, "STOP").body()).contains("you are unsubscribed");
        assertThat(consent("whatsapp", whatsapp).get("opted_out").asBoolean()).isTrue();
    }

    @Test
    void aKeywordTwilioMatchedCountsAsTwilioSaysWhateverItsWordsAndTwilioAnswersIt() {
        String empty = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
        // a Messaging Service with Advanced Opt-Out in Spanish: Twilio blocks the number and confirms it itself
        String phone = uniquePhone();
        assertThat(matchedByTwilio(phone, "Baja", "STOP").body()).isEqualTo(empty);
        JsonNode stopped = consent("sms", phone);
        assertThat(stopped.get("opted_out").asBoolean()).isTrue();
        assertThat(stopped.get("reason").asText()).isEqualTo("replied \"Baja\" (twilio: STOP)");
        assertThat(jdbc.sql("SELECT keyword FROM inbound_messages WHERE address = ?").param(phone).query(String.class)
                .single()).isEqualTo("STOP");

        // its help is answered by Twilio: a second answer would be one text too many, even for HELP itself
        for (String help : List.of("Ayuda", "HELP")) {
            assertThat(matchedByTwilio(phone, help, "HELP").body()).as(help).isEqualTo(empty);
        }
        assertThat(matchedByTwilio(phone, "Alta", "START").body()).isEqualTo(empty);
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();

        // a type the hub does not know leaves the reading to the words, as without one
        assertThat(matchedByTwilio(phone, "Stop please", "MAYBE").body()).contains("you are unsubscribed");
        assertThat(consent("sms", phone).get("reason").asText()).isEqualTo("replied STOP");
    }

    /** An inbound text that Twilio's Advanced Opt-Out matched to {@code optOutType}, signed. */
    private HttpResponse<String> matchedByTwilio(String from, String body, String optOutType) {
        Map<String, String> params = inboundText(from, body);
        params.put("OptOutType", optOutType);
        return twilioWebhook(INBOUND, params);
    }

    @Test
    void aRetriedWebhookActsOnce() {
        String phone = uniquePhone();
        Map<String, String> params = inboundText(phone, "STOP");
        twilioWebhook(INBOUND, params);
        textFrom(phone, "START");
        // Twilio retries the old STOP after the START arrived: it is the same message, already handled
        assertThat(twilioWebhook(INBOUND, params).statusCode()).isEqualTo(200);

        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM consent_history WHERE address = ?").param(phone)
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void whatsAppSendersThroughTwilioOpenTheWindowAndOptOutOfWhatsAppOnly() {
        String phone = uniquePhone();
        assertThat(textFrom("whatsapp:" + phone, "Is the coach on time?").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM whatsapp_windows WHERE phone = ? AND last_inbound_at > now() - "
                + "interval '1 minute'").param(phone).query(Integer.class).single()).isEqualTo(1);

        textFrom("whatsapp:" + phone, "STOP");
        assertThat(consent("whatsapp", phone).get("opted_out").asBoolean()).isTrue();
        assertThat(consent("whatsapp", phone).get("source").asText()).isEqualTo("whatsapp");
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();
    }

    @Test
    void aStopThatArrivesWhileTheMessageWaitsForARetryWins() {
        String phone = uniquePhone();
        PROVIDERS.stubFor(twilio().inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("up"));
        PROVIDERS.stubFor(twilio().inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + nextSid() + "\",\"status\":\"queued\"}")));

        String id = reminder(national(phone));
        await().atMost(Duration.ofSeconds(20)).until(() -> twilioRequests().size() == 1);
        textFrom(phone, "STOP");

        JsonNode blocked = awaitStatus(id, "blocked", "sent");
        assertThat(blocked.get("status").asText()).isEqualTo("blocked");
        assertThat(blocked.get("reason").asText()).isEqualTo("opted_out");
        assertThat(twilioRequests()).hasSize(1);
        assertThat(blocked.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("since queued"));
    }

    @Test
    void hostileFormsAreRefusedClearly() {
        // not UTF-8
        HttpResponse<String> latin1 = send(java.net.http.HttpRequest.newBuilder(uri(INBOUND))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[]{'B', 'o', 'd', 'y', '=',
                        (byte) 0xE9, (byte) 0xFF}))
                .build());
        assertThat(latin1.statusCode()).isEqualTo(400);
        assertThat(latin1.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        // a broken %-escape
        HttpResponse<String> escape = post(INBOUND, "application/x-www-form-urlencoded", "Body=%E&From=%");
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(json(escape.body()).get("detail").asText()).contains("%-escape");

        // oversized
        HttpResponse<String> huge = post(INBOUND, "application/x-www-form-urlencoded", "Body=" + "A".repeat(
                70 * 1024));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        // thousands of fields
        HttpResponse<String> fields = post(INBOUND, "application/x-www-form-urlencoded", "a=1&".repeat(1000));
        assertThat(fields.statusCode()).isEqualTo(400);

        // JSON where a form belongs is just not signed
        assertThat(post(INBOUND, "application/json", "{\"Body\":\"STOP\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void hostileBodiesAreKeptVerbatimAndHarmless() {
        String phone = uniquePhone();
        List<String> bodies = List.of("'; DELETE FROM suppressions; --", "<script>alert(1)</script>",
                "{{ 7*7 }} ${7*7}", "%00%27", "💥".repeat(500), "x".repeat(10_000));
        for (String body : bodies) {
            assertThat(textFrom(phone, body).statusCode()).as(body).isEqualTo(200);
        }
        assertThat(consent("sms", phone).get("opted_out").asBoolean()).isFalse();
        List<String> kept = jdbc.sql("SELECT body FROM inbound_messages WHERE address = ? ORDER BY id").param(phone)
                .query(String.class).list();
        assertThat(kept).hasSize(bodies.size()).startsWith("'; DELETE FROM suppressions; --",
                "<script>alert(1)</script>", "{{ 7*7 }} ${7*7}", "%00%27", "💥".repeat(500));
        assertThat(kept.get(5)).hasSize(4000);
    }

    @Test
    void aStopWithPunctuationIsStillAStop() {
        for (String body : List.of("Stop.", "STOP!", "unsubscribe!!")) {
            String phone = uniquePhone();
            assertThat(textFrom(phone, body).statusCode()).isEqualTo(200);
            assertThat(consent("sms", phone).get("opted_out").asBoolean()).as(body).isTrue();
            assertThat(jdbc.sql("SELECT keyword FROM inbound_messages WHERE address = ?").param(phone)
                    .query(String.class).single()).as(body).isIn("STOP", "UNSUBSCRIBE");
        }
    }

    @Test
    void aKeywordDisguisedByThePhoneStillCounts() {
        for (String body : List.of("STOP\u0000", "\u202eSTOP", "ＳＴＯＰ", "\u200bstop\u200b")) {
            String phone = uniquePhone();
            assertThat(textFrom(phone, body).statusCode()).isEqualTo(200);
            assertThat(consent("sms", phone).get("opted_out").asBoolean()).as(body).isTrue();
        }
    }

    @Test
    void sendersThatAreNotPhonesAreKeptForOpsButChangeNoConsent() {
        long suppressions = jdbc.sql("SELECT count(*) FROM suppressions").query(Long.class).single();
        for (String from : List.of("", "CoachWayPromo", "+1 555", "'; DROP TABLE inbound_messages; --")) {
            assertThat(textFrom(from, "STOP").statusCode()).as(from).isEqualTo(200);
        }
        // kept as they came (nothing accepted is lost), quoted text and all; consent is keyed by phone number
        assertThat(
                jdbc.sql("SELECT address FROM inbound_messages WHERE body = 'STOP' AND address !~ '^\\+[0-9]{8,15}$'")
                        .query(String.class).list())
                .containsExactlyInAnyOrder("(no sender)", "CoachWayPromo", "+1 555",
                        "'; DROP TABLE inbound_messages; --");
        assertThat(jdbc.sql("SELECT count(*) FROM suppressions").query(Long.class).single()).isEqualTo(suppressions);
    }

    @Test
    void aStopCountsAgainstTheTextItAnswersInItsTemplatesStatsAndTheHistory() {
        twilioAccepts();
        String template = "promo_" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> made = post("/api/v1/templates", "application/json",
                """
                        {"name":"%s","category":"marketing","sms":{"text":"Spring offer"},
                         "variants":{"A":{"weight":1,"sms":{"text":"Book now"}},
                             "B":{"weight":1,"sms":{"text":"Save today"}}}}"""
                        .formatted(template),
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:admin-password".getBytes(StandardCharsets.UTF_8)));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String stays = uniquePhone();
        String stops = uniquePhone();
        String stopsLater = uniquePhone();
        Map<String, String> offers = new HashMap<>();
        for (String phone : List.of(stays, stops, stopsLater)) {
            offers.put(phone, notify(request(template, "[\"sms\"]", "{\"name\":\"Ana Ruiz\",\"phone\":\"" + phone
                    + "\"}", "{}")));
        }
        offers.values().forEach(offer -> awaitStatus(offer, "sent"));
        // after the offer, one is sent a WhatsApp receipt (another channel), the other a trip reminder by SMS
        String receipt = notify(request("payment_confirmation", "[\"whatsapp\"]", "{\"name\":\"Ana Ruiz\",\"phone\":\""
                + stops + "\"}", "{\"amount\":\"450.00\"}"));
        awaitStatus(receipt, "sent");
        String reminder = reminder(national(stopsLater));
        awaitStatus(reminder, "sent");
        // and a receipt by SMS that Twilio refused: it never reached the phone, so no stop answers it
        PROVIDERS.stubFor(twilio().withRequestBody(containing("To=" + URLEncoder.encode(stops,
                StandardCharsets.UTF_8))).willReturn(aResponse().withStatus(400).withBody(twilioError(21408,
                        "Permission to send an SMS has not been enabled for the region"))));
        awaitStatus(notify(request("payment_confirmation", "[\"sms\"]", "{\"name\":\"Ana Ruiz\",\"phone\":\""
                + stops + "\"}", "{\"amount\":\"450.00\"}")), "failed");

        assertThat(textFrom(stops, "STOP").statusCode()).isEqualTo(200);
        assertThat(textFrom(stopsLater, "STOP").statusCode()).isEqualTo(200);

        // the stop answers the last text on its own channel: the offer for one, the reminder for the other
        assertThat(history("sms", stops).get(0).get("notification_id").asText()).isEqualTo(offers.get(stops));
        assertThat(history("sms", stopsLater).get(0).get("notification_id").asText()).isEqualTo(reminder);
        // and ops reading what the number texted see the same
        JsonNode stop = json(get("/api/v1/inbound-messages?from=%2B" + stops.substring(1), "Authorization",
                "Bearer " + OPS_KEY).body()).at("/items/0");
        assertThat(stop.get("kind").asText() + " " + stop.at("/replied_to/notification_id").asText() + " " + stop.at(
                "/replied_to/template").asText()).isEqualTo("opt_out " + offers.get(stops) + " " + template);
        // so the offer's variant counts one unsubscribe, and the template one in all
        JsonNode stats = json(get("/api/v1/stats?template=" + template, "Authorization", "Bearer " + OPS_KEY).body());
        assertThat(stats.at("/counts/unsubscribed").asLong()).as(stats.toString()).isEqualTo(1);
        String variant = notification(offers.get(stops)).get("variant").asText();
        for (JsonNode group : stats.get("variants")) {
            assertThat(group.at("/counts/unsubscribed").asLong()).as(group.toString())
                    .isEqualTo(variant.equals(group.get("variant").asText()) ? 1 : 0);
        }
    }

    private JsonNode history(String channel, String address) {
        return json(get("/api/v1/consent/" + channel + "/" + address + "/history", "Authorization",
                "Bearer " + OPS_KEY).body()).get("history");
    }
}
