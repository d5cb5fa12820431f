package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

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
    void aQueryParameterTheOperationDoesNotTakeIsA400NotIgnored() {
        // ignored, the misspelt filter listed every notification, as if they were all hers
        HttpResponse<String> misspelt = get("/api/v1/notifications?recipent=ana%40example.com&size=5",
                "Authorization", OPS);
        assertProblem(misspelt, 400, "recipent");
        assertThat(json(misspelt.body()).at("/errors/0/message").asText()).isEqualTo("is not a query parameter of "
                + "GET /api/v1/notifications, which takes recipient, status, template, event_id, lead_id, since, "
                + "until, scheduled, page, size");
        assertProblem(get("/ops/api/dead-letters/42?page=1", "Authorization", OPS), 400, "page");
        assertThat(get("/api/v1/notifications?recipient=ana%40example.com&size=5", "Authorization", OPS)
                .statusCode()).isEqualTo(200);
        // so is a template that never was: "no notifications" would read like a fact
        HttpResponse<String> template = get("/api/v1/notifications?template=charter_confirm", "Authorization", OPS);
        assertProblem(template, 400, "template");
        assertThat(json(template.body()).at("/errors/0/message").asText())
                .isEqualTo("no template was ever named 'charter_confirm' (GET /api/v1/templates lists them)");
        assertThat(get("/api/v1/notifications?template=charter_confirmed", "Authorization", OPS).statusCode())
                .isEqualTo(200);
        // the caller must still be someone: no list of parameters for the anonymous
        assertThat(get("/api/v1/notifications?recipent=x").statusCode()).isEqualTo(401);
    }

    @Test
    void aBodyForAnOperationThatTakesNoneIsA400NotDroppedUnread() {
        // channels sent with a resend would not be used: it goes out on the notification's own
        HttpResponse<String> withChannels = post("/api/v1/notifications/ntf_nope/resend", "application/json",
                "{\"channels\":[\"sms\"]}", "Authorization", OPS);
        assertProblem(withChannels, 400, "$");
        assertThat(json(withChannels.body()).at("/errors/0/message").asText())
                .isEqualTo("POST /api/v1/notifications/{id}/resend takes no body, and would not read it: send none");
        // nothing, or an empty object as some clients always send, goes through to the operation
        assertThat(post("/api/v1/scheduled/ntf_nope/cancel", "application/json", " { } ", "Authorization", OPS)
                .statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/scheduled/ntf_nope/cancel", null, "", "Authorization", OPS).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anEmptyCorrectlySignedWhatsAppBodyIsA400() {
        HttpResponse<String> response = metaWebhook("");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aGzippedEventIsTakenAsTheEventItHolds() {
        twilioAccepts();
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = postCoded("gzip", gzip(event(id, "trip.reminder", """
                {"client":{"name":"Zoë Ørsted","phone":"+15555550177"}}""").getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(await(id).get("status").asText()).isEqualTo("sent");
        assertThat(sentTo("+15555550177")).isOne();
        assertThat(jdbc.sql("SELECT payload -> 'data' -> 'client' ->> 'name' FROM events WHERE event_id = ?")
                .param(id).query(String.class).single()).isEqualTo("Zoë Ørsted");
    }

    @Test
    void aGzipBombIs413AndOtherCodingsAre415AndBrokenGzipIs400() {
        // 10 MB of spaces inside a JSON string packs into about 10 KiB; the limit is 256 KiB unpacked
        String id = UUID.randomUUID().toString();
        byte[] bomb = gzip(event(id, "trip.reminder", "{\"client\":{\"name\":\"" + " ".repeat(10_000_000)
                + "\",\"phone\":\"+15555550178\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(64 * 1024);
        HttpResponse<String> tooBig = postCoded("gzip", bomb);
        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
        assertThat(json(tooBig.body()).get("detail").asText()).contains("unpacked").contains("256 KiB");

        HttpResponse<String> deflated = postCoded("deflate", new byte[]{120, -100, 3, 0, 0, 0, 0, 1});
        assertThat(deflated.statusCode()).isEqualTo(415);
        assertThat(deflated.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(deflated.headers().firstValue("Accept-Encoding")).hasValue("gzip, identity");
        assertThat(json(deflated.body()).get("detail").asText()).contains("deflate");

        HttpResponse<String> broken = postCoded("gzip", event(id, "trip.reminder", clientData())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken.body()).get("detail").asText()).contains("not whole gzip data");

        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id = ?").param(id).query(Long.class).single())
                .isZero();
    }

    private HttpResponse<String> postCoded(String coding, byte[] body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/events"))
                .header("Content-Type", "application/cloudevents+json").header("Content-Encoding", coding)
                .header("Authorization", "Bearer " + CHARTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packed.toByteArray();
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
}
