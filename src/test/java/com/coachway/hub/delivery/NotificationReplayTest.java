package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Ops correct a parked notification's recipient (a mistyped number) by replaying its dead letter with an edited body
 * (API.md §10): it is sent to the corrected address after consent is checked there, the timeline and the dead
 * letter's audit say who changed what, and nothing but the recipient can be changed.
 */
@TestPropertySource(properties = "hub.deadletters.auto-startup=true")
class NotificationReplayTest extends DeliveryIntegrationTest {

    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());

    /** An SMS to {@code wrong}, which Twilio never accepts (503 on every try), so it ends parked. */
    private JsonNode parkedSmsTo(String wrong) {
        twilioAccepts();
        PROVIDERS.stubFor(twilio().withRequestBody(containing("To=" + URLEncoder.encode(wrong,
                StandardCharsets.UTF_8))).willReturn(aResponse().withStatus(503)));
        String id = notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + wrong
                + "\"}",
                "{\"charter_id\":9,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}"));
        awaitStatus(id, "parked");
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = json(get("/ops/api/dead-letters?queue=q.deliver.sms&size=200", "Authorization", OPS)
                    .body()).get("items");
            for (JsonNode item : items) {
                if (id.equals(item.path("headers").path("hub_notification_id").asText())) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
    }

    private HttpResponse<String> replay(JsonNode letter, String body) {
        return post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay", "application/json",
                JSON.createObjectNode().put("body", body).toString(), "Authorization", OPS);
    }

    private JsonNode edited(JsonNode letter, String field, String value) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(letter.get("body").asText());
        body.put(field, value);
        return body;
    }

    @Test
    void aMistypedNumberIsCorrectedOnReplayAndTheMessageGoesToTheRightOne() throws Exception {
        String wrong = uniquePhone();
        String right = uniquePhone();
        JsonNode letter = parkedSmsTo(wrong);
        String id = letter.path("headers").path("hub_notification_id").asText();

        HttpResponse<String> replayed = replay(letter, edited(letter, "address", right).toString());

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        JsonNode sent = awaitStatus(id, "sent");
        assertThat(sent.get("to").get("phone").asText()).isEqualTo(right);
        assertThat(twilioRequests()).filteredOn(r -> r.getBodyAsString().contains(
                "To=" + URLEncoder.encode(right, StandardCharsets.UTF_8))).hasSize(1);
        assertThat(sent.get("events").findValuesAsText("detail"))
                .anyMatch(d -> d.startsWith("recipient corrected by ops: phone ") && !d.contains(right));
        JsonNode history = json(get("/ops/api/dead-letters/" + letter.get("id").asText(), "Authorization", OPS)
                .body()).get("history").get(0);
        assertThat(history.get("by").asText()).isEqualTo("ops");
        assertThat(history.get("diff").get(0).get("path").asText()).isEqualTo("address");
        assertThat(history.get("diff").get(0).get("after").asText()).isEqualTo("\"" + right + "\"");
    }

    @Test
    void consentIsCheckedOnTheCorrectedNumber() throws Exception {
        String wrong = uniquePhone();
        String stopped = uniquePhone();
        assertThat(textFrom(stopped, "STOP").statusCode()).isEqualTo(200);
        JsonNode letter = parkedSmsTo(wrong);
        String id = letter.path("headers").path("hub_notification_id").asText();

        assertThat(replay(letter, edited(letter, "address", stopped).toString()).statusCode()).isEqualTo(200);

        JsonNode blocked = awaitStatus(id, "blocked", "sent");
        assertThat(blocked.get("status").asText()).isEqualTo("blocked");
        assertThat(blocked.get("reason").asText()).isEqualTo("opted_out");
        assertThat(twilioRequests()).noneMatch(r -> r.getBodyAsString().contains(
                "To=" + URLEncoder.encode(stopped, StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheRecipientCanBeCorrectedAndABadAddressIsRefused() throws Exception {
        JsonNode letter = parkedSmsTo(uniquePhone());
        String id = letter.path("headers").path("hub_notification_id").asText();

        HttpResponse<String> text = replay(letter, edited(letter, "text", "Click https://evil.example now").toString());
        HttpResponse<String> channel = replay(letter, edited(letter, "channel", "email").toString());
        HttpResponse<String> address = replay(letter, edited(letter, "address", "call me").toString());

        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(json(text.body()).get("errors").findValuesAsText("field")).containsExactly("body.text");
        assertThat(channel.statusCode()).isEqualTo(400);
        assertThat(json(channel.body()).get("errors").findValuesAsText("field")).contains("body.channel");
        assertThat(address.statusCode()).isEqualTo(400);
        assertThat(json(address.body()).get("errors").findValuesAsText("message").toString())
                .contains("must be a phone number, such as +1 617 555 0142");
        // refused means untouched: still parked, still replayable
        assertThat(notification(id).get("status").asText()).isEqualTo("parked");
        assertThat(json(get("/ops/api/dead-letters/" + letter.get("id").asText(), "Authorization", OPS).body())
                .get("status").asText()).isEqualTo("parked");
    }

    @Test
    void aParkedNotificationOpsResentIsNotReplayedAsWellForTheRecipientWouldHearItTwice() throws Exception {
        String phone = uniquePhone();
        JsonNode letter = parkedSmsTo(phone);
        String id = letter.path("headers").path("hub_notification_id").asText();
        String to = "To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8);
        twilioAccepts(); // Twilio is back
        long tried = twilioRequests().stream().filter(r -> r.getBodyAsString().contains(to)).count();

        // ops resend it from its page; the copy goes out
        HttpResponse<String> resend = post("/api/v1/notifications/" + id + "/resend", null, "", "Authorization", OPS);
        assertThat(resend.statusCode()).as(resend.body()).isEqualTo(202);
        String copy = json(resend.body()).get("id").asText();
        awaitStatus(copy, "sent");

        // its dead letter is given up, saying why, so neither a replay nor a bulk one sends it again
        JsonNode given = json(get("/ops/api/dead-letters/" + letter.get("id").asText(), "Authorization", OPS).body());
        assertThat(given.get("status").asText()).isEqualTo("discarded");
        assertThat(given.at("/history/0/note").asText())
                .isEqualTo("resent as " + copy + " by ops: a replay would reach the recipient twice");
        assertThat(notification(id).get("events").findValuesAsText("detail")).contains("resent as " + copy
                + " by ops; its dead letter " + letter.get("id").asText() + " given up, as a replay would now reach"
                + " the recipient twice");
        assertThat(replay(letter, letter.get("body").asText()).statusCode()).isEqualTo(409);

        // a dead letter drained only after the resend is refused as well, and stays there to be discarded
        jdbc.sql("UPDATE dead_letters SET status = 'parked' WHERE id = ?").param(letter.get("id").asLong()).update();
        HttpResponse<String> late = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay", null, "",
                "Authorization", OPS);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(json(late.body()).get("detail").asText()).isEqualTo("Notification " + id + " was resent as "
                + copy + "; a replay would reach the recipient twice. Discard this dead letter");
        assertThat(notification(id).get("status").asText()).isEqualTo("parked");
        assertThat(twilioRequests().stream().filter(r -> r.getBodyAsString().contains(to)).count())
                .isEqualTo(tried + 1);
    }
}
