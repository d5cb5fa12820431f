package com.coachway.hub.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reply that needs nothing more from the hub (ops called the customer back, or it was "Thanks!") is marked handled,
 * with an optional note, and leaves what waits for a person; the mark can be taken away. Keywords, a second mark, bad
 * notes and the wrong roles are refused, each a problem that says why.
 */
class HandledRepliesTest extends DeliveryIntegrationTest {

    private static final String OPS = "Bearer " + OPS_KEY;
    private static final String ANALYST = "Basic " + Base64.getEncoder()
            .encodeToString("analyst:analyst-password".getBytes(StandardCharsets.UTF_8));
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-password".getBytes(StandardCharsets.UTF_8));

    private HttpResponse<String> mark(long message, String body, String authorization) {
        return post("/api/v1/inbound-messages/" + message + "/handled", body.isEmpty() ? null : "application/json",
                body, "Authorization", authorization);
    }

    private HttpResponse<String> reopen(long message, String authorization) {
        return send(HttpRequest.newBuilder(uri("/api/v1/inbound-messages/" + message + "/handled"))
                .timeout(Duration.ofSeconds(30)).DELETE().header("Authorization", authorization).build());
    }

    private JsonNode list(String query) {
        HttpResponse<String> response = get("/api/v1/inbound-messages" + query, "Authorization", OPS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private long latestText(String phone) {
        return list("?from=%2B" + phone.substring(1)).get("items").get(0).get("id").asLong();
    }

    private long repliesWaiting() {
        return json(get("/ops/api/overview", "Authorization", OPS).body()).get("replies_waiting").asLong();
    }

    private static String problemType(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return json(response.body()).get("type").asText();
    }

    @Test
    void aReplyOpsCalledBackIsMarkedHandledWithTheirNoteLeavesTheWaitingListAndCanBeReopened() {
        String phone = uniquePhone();
        String from = "&from=%2B" + phone.substring(1);
        textFrom(phone, "Can we move the pickup to 9:00?");
        long reply = latestText(phone);
        assertThat(list("?waiting=true" + from).get("total").asInt()).isEqualTo(1);
        assertThat(list("?handled=false" + from).get("total").asInt()).isEqualTo(1);
        assertThat(list("?waiting=true" + from).get("items").get(0).hasNonNull("handled")).isFalse();

        long waitingBefore = repliesWaiting();
        HttpResponse<String> marked = mark(reply, "{\"note\":\"  Called her back: 9:00 is fine  \"}", OPS);

        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        JsonNode handled = json(marked.body()).get("handled");
        assertThat(handled.get("by").asText()).isEqualTo("api-key:ops-tool");
        assertThat(handled.get("note").asText()).isEqualTo("Called her back: 9:00 is fine");
        assertThat(handled.get("at").asText()).isNotBlank();
        assertThat(list("?waiting=true" + from).get("total").asInt()).isZero();
        assertThat(list("?waiting=false" + from).get("total").asInt()).isEqualTo(1);
        // the console's overview counts what waits for a person
        assertThat(repliesWaiting()).isEqualTo(waitingBefore - 1);
        JsonNode listed = list("?handled=true" + from).get("items").get(0);
        assertThat(listed.get("id").asLong()).isEqualTo(reply);
        assertThat(listed.get("handled").get("note").asText()).isEqualTo("Called her back: 9:00 is fine");
        // it was not answered from the hub: nothing went to the customer
        assertThat(list("?answered=true" + from).get("total").asInt()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE phone = ?").param(phone).query(Integer.class)
                .single()).isZero();

        // a second person marking it learns who did first, and nothing changes
        HttpResponse<String> again = mark(reply, "", ADMIN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(problemType(again)).endsWith("/already-handled");
        assertThat(json(again.body()).get("detail").asText()).contains("marked handled by api-key:ops-tool at ",
                "DELETE /api/v1/inbound-messages/" + reply + "/handled");
        assertThat(list("?handled=true" + from).get("items").get(0).get("handled").get("by").asText())
                .isEqualTo("api-key:ops-tool");

        // taken back, it waits again; an empty mark has no note
        HttpResponse<String> reopened = reopen(reply, ADMIN);
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
        assertThat(json(reopened.body()).hasNonNull("handled")).isFalse();
        assertThat(list("?waiting=true" + from).get("total").asInt()).isEqualTo(1);
        assertThat(problemType(reopen(reply, ADMIN))).endsWith("/not-handled");
        HttpResponse<String> bare = mark(reply, "", ADMIN);
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(200);
        assertThat(json(bare.body()).get("handled").get("by").asText()).isEqualTo("admin");
        assertThat(json(bare.body()).get("handled").hasNonNull("note")).isFalse();
    }

    @Test
    void anAnsweredReplyNoLongerWaitsEither() {
        twilioAccepts();
        String phone = uniquePhone();
        textFrom(phone, "Is there a toilet on the coach?");
        long reply = latestText(phone);
        HttpResponse<String> answered = post("/api/v1/inbound-messages/" + reply + "/answer", "application/json",
                "{\"text\":\"Yes, every coach has one.\"}", "Authorization", OPS);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        assertThat(list("?waiting=true&from=%2B" + phone.substring(1)).get("total").asInt()).isZero();
        assertThat(list("?handled=false&answered=true&from=%2B" + phone.substring(1)).get("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void keywordsBadNotesUnknownMessagesAndTheWrongRolesAreRefused() {
        String phone = uniquePhone();
        textFrom(phone, "Thanks!");
        long reply = latestText(phone);
        textFrom(phone, "STOP");
        long stop = latestText(phone);
        assertThat(stop).isNotEqualTo(reply);

        HttpResponse<String> keyword = mark(stop, "", OPS);
        assertThat(keyword.statusCode()).isEqualTo(409);
        assertThat(problemType(keyword)).endsWith("/not-a-reply");
        assertThat(json(keyword.body()).get("detail").asText()).contains("keyword STOP");
        assertThat(list("?waiting=true&from=%2B" + phone.substring(1)).get("total").asInt()).isEqualTo(1);

        for (String body : new String[]{"{\"note\":" + "\"" + "x".repeat(1001) + "\"}", "{\"note\":7}",
                "{\"note\":\"a\\u0000b\"}", "{\"note\":", "[]", "{\"notes\":\"x\"}"}) {
            HttpResponse<String> refused = mark(reply, body, OPS);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(json(mark(reply, "{\"note\":7}", OPS).body()).get("errors").findValuesAsText("field"))
                .containsExactly("note");
        assertThat(mark(999_999_999L, "", OPS).statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/inbound-messages/abc/handled", null, "", "Authorization", OPS).statusCode())
                .isEqualTo(404);
        assertThat(reopen(999_999_999L, OPS).statusCode()).isEqualTo(404);
        assertThat(mark(reply, "", ANALYST).statusCode()).isEqualTo(403);
        assertThat(mark(reply, "", "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(403);
        assertThat(reopen(reply, ANALYST).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/inbound-messages/" + reply + "/handled", null, "").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/inbound-messages?waiting=perhaps&handled=2", "Authorization", OPS).statusCode())
                .isEqualTo(400);
        // none of it marked anything
        assertThat(list("?handled=true&from=%2B" + phone.substring(1)).get("total").asInt()).isZero();
    }
}
