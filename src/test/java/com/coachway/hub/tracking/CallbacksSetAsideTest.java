package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A status callback that keeps failing to apply is set aside, not lost: ops find it ({@code GET /ops/api/callbacks},
 * the overview's count), fix the cause, and send it back ({@code POST /ops/api/callbacks/{id}/retry}), after which
 * it moves its notification on as it would have. Analysts read and change nothing.
 */
class CallbacksSetAsideTest extends DeliveryIntegrationTest {

    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    private static final String ANALYST = "Basic " + Base64.getEncoder()
            .encodeToString("analyst:analyst-password".getBytes());

    @DynamicPropertySource
    static void quickGivingUp(DynamicPropertyRegistry registry) {
        registry.add("hub.tracking.apply-interval", () -> "100");
        registry.add("hub.tracking.retry-delay", () -> "PT0.2S");
        registry.add("hub.tracking.max-attempts", () -> "2");
    }

    @Test
    void aCallbackThatCouldNotBeAppliedIsFoundAndRetriedOnceItsCauseIsFixed() {
        twilioAccepts();
        String id = notify(request("recovery_contact", "[\"sms\"]", "{\"name\":\"Dave\",\"phone\":\"" + uniquePhone()
                + "\"}",
                "{\"charter_id\":7,\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+15555550100\"}"));
        String sid = awaitStatus(id, "sent").get("provider_message_id").asText();

        // the cause, here: the timeline refuses the entry a delivered report writes (a bug, a full disk, a bad migration)
        jdbc.sql("ALTER TABLE notification_events ADD CONSTRAINT no_delivered_reports "
                + "CHECK (detail NOT LIKE 'twilio reports delivered%') NOT VALID").update();
        try {
            assertThat(twilioWebhook("/webhooks/twilio/status", Map.of("AccountSid", ACCOUNT_SID, "MessageSid", sid,
                    "MessageStatus", "delivered")).statusCode()).isEqualTo(204);
            JsonNode setAside = await().atMost(Duration.ofSeconds(15)).until(() -> listed(sid, OPS), n -> n != null);
            assertThat(setAside.get("state").asText()).isEqualTo("failed");
            assertThat(setAside.get("status").asText()).isEqualTo("delivered");
            assertThat(setAside.get("outcome").asText()).contains("no_delivered_reports");
            assertThat(notification(id).get("status").asText()).isEqualTo("sent");
            assertThat(json(get("/ops/api/overview", "Authorization", OPS).body()).get("callbacks_set_aside").asLong())
                    .isPositive();
            // the listing counts what matches, also past its last page
            JsonNode pastTheEnd = json(get("/ops/api/callbacks?message_id=" + sid + "&page=3", "Authorization", OPS)
                    .body());
            assertThat(pastTheEnd.get("items")).isEmpty();
            assertThat(pastTheEnd.get("total").asLong()).isEqualTo(1);

            // an analyst sees it too, and cannot send it back
            assertThat(listed(sid, ANALYST)).isNotNull();
            assertThat(retry(setAside.get("id").asLong(), ANALYST).statusCode()).isEqualTo(403);
        } finally {
            jdbc.sql("ALTER TABLE notification_events DROP CONSTRAINT no_delivered_reports").update();
        }

        long callbackId = listed(sid, OPS).get("id").asLong();
        HttpResponse<String> retried = retry(callbackId, OPS);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(json(retried.body()).get("state").asText()).isEqualTo("pending");
        assertThat(json(retried.body()).get("retried_by").asText()).isEqualTo("ops");
        awaitStatus(id, "delivered");
        await().atMost(Duration.ofSeconds(10)).until(() -> "applied".equals(jdbc.sql(
                "SELECT state FROM provider_callbacks WHERE id = ?").param(callbackId).query(String.class).single()));
        assertThat(listed(sid, OPS)).as("no longer set aside").isNull();

        // only a callback set aside goes back
        HttpResponse<String> again = retry(callbackId, OPS);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(again.body()).get("detail").asText()).contains("is applied");
        assertThat(retry(Long.MAX_VALUE, OPS).statusCode()).isEqualTo(404);
        assertThat(post("/ops/api/callbacks/x'1/retry", "application/json", "", "Authorization", OPS).statusCode())
                .isEqualTo(404);
    }

    @Test
    void filtersThatCannotBeReadAreClearProblems() {
        HttpResponse<String> state = get("/ops/api/callbacks?state=lost", "Authorization", OPS);
        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(json(state.body()).get("errors").findValuesAsText("field")).containsExactly("state");
        HttpResponse<String> messageId = get("/ops/api/callbacks?message_id=" + "S".repeat(300) + "&size=0",
                "Authorization", OPS);
        assertThat(messageId.statusCode()).isEqualTo(400);
        assertThat(json(messageId.body()).get("errors").findValuesAsText("field")).contains("message_id", "size");
        assertThat(get("/ops/api/callbacks").statusCode()).isEqualTo(401);
    }

    private JsonNode listed(String sid, String authorization) {
        JsonNode items = json(get("/ops/api/callbacks?message_id=" + sid, "Authorization", authorization).body())
                .get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private HttpResponse<String> retry(long id, String authorization) {
        return post("/ops/api/callbacks/" + id + "/retry", "application/json", "", "Authorization", authorization);
    }
}
