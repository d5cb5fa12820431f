package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Regression corpus of issue 11: inputs that once got a 5xx, or a 202 for something the hub could never process.
 * Each now gets a clear 4xx problem naming what is wrong, or is simply processed.
 */
class HostileInputTest extends DeliveryIntegrationTest {

    private static final String OPS = "Bearer " + OPS_KEY;

    @Test
    void aNulInAJsonBodyIsA400NamingTheField() {
        HttpResponse<String> response = post("/api/v1/notifications", "application/json",
                request("pay\\u0000ment_confirmation", "[\"sms\"]", "{\"name\":\"Ana\",\"phone\":\"+15555550100\"}",
                        "{\"amount\":\"1\"}"),
                "Authorization", "Bearer " + CHARTER_KEY);
        assertProblem(response, 400, "template");

        HttpResponse<String> nested = post("/api/v1/notifications", "application/json",
                request("payment_confirmation", "[\"sms\"]", "{\"name\":\"A\\u0000na\",\"phone\":\"+15555550100\"}",
                        "{\"amount\":\"1\"}"),
                "Authorization", "Bearer " + CHARTER_KEY);
        assertProblem(nested, 400, "to.name");
    }

    @Test
    void aNulInAQueryParameterIsA400NamingIt() {
        assertProblem(get("/api/v1/notifications?template=a%00b", "Authorization", OPS), 400, "template");
        assertProblem(get("/ops/api/dead-letters?reason=a%00b", "Authorization", OPS), 400, "reason");
    }

    @Test
    void anEmptyCorrectlySignedWhatsAppBodyIsA400() {
        HttpResponse<String> response = metaWebhook("");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void findingsOfTheFuzzerStayFixed() {
        // Camel binds the path segment "null" as null: it is just an unknown type
        assertThat(get("/api/v1/event-types/null", "Authorization", OPS).statusCode()).isEqualTo(404);
        // a signed inbound text whose sender holds NUL is kept (without it), not a 503 Twilio retries for ever
        assertThat(textFrom("+1555\u00005550100", "hello").statusCode()).isEqualTo(200);
        assertThat(twilioWebhook("/webhooks/twilio/status", java.util.Map.of("MessageSid", "SM\u0000x",
                "MessageStatus", "delivered")).statusCode()).isLessThan(500);
    }

    @Test
    void theErrorPageAskedForDirectlyIsA404() {
        HttpResponse<String> response = get("/error");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void theLiteralTextOfAnEscapedNulInEventDataIsDelivered() {
        twilioAccepts();
        String phone = uniquePhone();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "trip.reminder", "{\"client\":{\"name\":\"Ana \\\\u0000 Ruiz\",\"phone\":\""
                + phone + "\"}}")).statusCode()).isEqualTo(202);

        JsonNode notification = await(id);
        assertThat(notification.get("status").asText()).isEqualTo("sent");
    }

    private JsonNode await(String eventId) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> json(get("/api/v1/notifications?event_id=" + eventId, "Authorization", OPS).body())
                        .get("items"),
                        items -> items.size() == 1
                                && !List.of("queued", "sending").contains(items.get(0).get("status").asText()))
                .get(0);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response.body()).get("errors").findValuesAsText("field")).contains(field);
    }
}
