package com.coachway.hub.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

/**
 * Event data contracts at the door (API.md §1, §2a, §10): data that cannot be delivered is refused naming each path,
 * the official CloudEvents SDK is a welcome client in both content modes, and a credential is never kept.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "hub.deadletters.auto-startup=true")
class IngressContractsTest extends HubIntegrationTest {

    static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    static final String ANALYST = "Basic " + Base64.getEncoder()
            .encodeToString("analyst:analyst-password".getBytes());
    static final String CLIENT = "{\"name\":\"Ana Ruiz\",\"phone\":\"+15555551234\",\"email\":\"ana@example.com\"}";

    @BeforeEach
    void clean() {
        purgeAll();
    }

    @Test
    void missingOrMistypedDataIsA400NamingEveryPath() {
        HttpResponse<String> response = postEvent(event("evt-" + UUID.randomUUID(), "payment.received",
                "{\"charter_id\":186,\"receipt_url\":\"javascript:alert(1)\"}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("data.amount",
                "data.client", "data.receipt_url");
        assertThat(problem.toString()).contains("must be an absolute http or https URL");
    }

    @Test
    void dataSentAsBase64IsRefusedSayingHowToSendIt() {
        // what the CloudEvents SDKs write for data whose datacontenttype is not JSON
        String data = Base64.getEncoder().encodeToString(("{\"charter_id\":186,\"client\":" + CLIENT + "}")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = postEvent("{\"specversion\":\"1.0\",\"id\":\"evt-" + UUID.randomUUID()
                + "\",\"source\":\"charter-service\",\"type\":\"charter.confirmed\",\"datacontenttype\":"
                + "\"application/octet-stream\",\"data_base64\":\"" + data + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors").toString()).isEqualTo("[{\"field\":\"data_base64\","
                + "\"message\":\"cannot be checked against the schema of charter.confirmed: send the data as a JSON "
                + "object in data, with datacontenttype application/json\"}]");
    }

    @Test
    void eachEventOfABatchIsJudgedOnItsOwn() {
        String good = event("evt-" + UUID.randomUUID(), "charter.confirmed", "{\"charter_id\":1,\"client\":" + CLIENT
                + "}");
        String bad = event("evt-" + UUID.randomUUID(), "charter.confirmed", "{\"charter_id\":1}");
        HttpResponse<String> response = post("/api/v1/events", "application/cloudevents-batch+json",
                "[" + good + "," + bad + "]", "Authorization", "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode results = json(response.body()).get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).get("errors").findValuesAsText("field")).containsExactly("data.client");
    }

    @Test
    void typesWhoseRulesComeLaterAreValidatedAcceptedAndRecorded() {
        for (String type : List.of("trip.completed", "charter.rescheduled", "feedback.received")) {
            String id = "evt-" + UUID.randomUUID();
            String data = type.equals("feedback.received")
                    ? "{\"charter_id\":186,\"rating\":5,\"comment\":\"Great driver\"}"
                    : "{\"charter_id\":186,\"client\":" + CLIENT + "}";
            assertThat(postEvent(event(id, type, data)).statusCode()).as(type).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> List.of("routed", "unrouted")
                    .contains(eventStatus("charter-service", id)));
            assertThat(postEvent(event("evt-" + UUID.randomUUID(), type, "{}")).statusCode()).as(type)
                    .isEqualTo(400);
        }
    }

    @Test
    void theCloudEventsSdkIsAClientInBothContentModes() throws Exception {
        CloudEvent event = CloudEventBuilder.v1()
                .withId("evt-" + UUID.randomUUID())
                .withSource(URI.create("charter-service"))
                .withType("charter.confirmed")
                .withSubject("charter/186")
                .withTime(OffsetDateTime.parse("2026-03-01T10:00:00Z"))
                .withDataContentType("application/json")
                .withData(("{\"charter_id\":186,\"client\":" + CLIENT + "}").getBytes(StandardCharsets.UTF_8))
                .build();

        HttpResponse<String> binary = sendWithSdk(event, false);
        assertThat(binary.statusCode()).as(binary.body()).isEqualTo(202);
        assertThat(json(binary.body()).get("id").asText()).isEqualTo(event.getId());
        assertThat(sendWithSdk(event, true).statusCode()).as("the same event in structured mode is a duplicate")
                .isEqualTo(200);

        CloudEvent structured = CloudEventBuilder.v1(event).withId("evt-" + UUID.randomUUID()).build();
        assertThat(sendWithSdk(structured, true).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service",
                event.getId())));
        // the data of a binary-mode event is kept as JSON, like a structured one's
        assertThat(eventRow("charter-service", event.getId()).get("payload").toString()).contains("\"charter_id\"");
    }

    @Test
    void binaryModeAnswersLikeStructuredMode() {
        String id = "evt-" + UUID.randomUUID();
        HttpResponse<String> missing = post("/api/v1/events", "application/json", "{\"charter_id\":186}",
                "Authorization", "Bearer " + CHARTER_KEY, "ce-specversion", "1.0", "ce-source", "charter-service",
                "ce-type", "charter.confirmed");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).get("errors").findValuesAsText("field")).containsExactly("ce-id");
        HttpResponse<String> noClient = post("/api/v1/events", "application/json", "{\"charter_id\":186}",
                "Authorization", "Bearer " + CHARTER_KEY, "ce-specversion", "1.0", "ce-id", id, "ce-source",
                "charter-service", "ce-type", "charter.confirmed");
        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(json(noClient.body()).get("errors").findValuesAsText("field")).containsExactly("data.client");

        assertThat(post("/api/v1/events", "text/plain", "charter 186 is confirmed", "Authorization",
                "Bearer " + CHARTER_KEY, "ce-specversion", "1.0", "ce-id", id, "ce-source", "charter-service",
                "ce-type", "charter.confirmed").statusCode()).isEqualTo(415);
        assertThat(post("/api/v1/events", "application/json", "{\"charter_id\":186,\"client\":" + CLIENT + "}",
                "Authorization", "Bearer " + CHARTER_KEY, "ce-specversion", "1.0", "ce-id", id, "ce-source",
                "sales-web", "ce-type", "charter.confirmed").statusCode()).isEqualTo(403);

        // binary mode meant but not said: the answer starts with why no attribute was read, not only what is missing
        HttpResponse<String> noVersion = post("/api/v1/events", "application/json", "{\"charter_id\":186}",
                "Authorization", "Bearer " + CHARTER_KEY, "ce-id", id, "ce-source", "charter-service", "ce-type",
                "charter.confirmed");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(json(noVersion.body()).at("/errors/0").toString()).isEqualTo("{\"field\":\"ce-specversion\","
                + "\"message\":\"is required: with ce-* headers the body is the event's data (binary mode), and "
                + "ce-specversion says so\"}");
        HttpResponse<String> kafkaHabit = post("/api/v1/events", "application/json", "{\"charter_id\":186}",
                "Authorization", "Bearer " + CHARTER_KEY, "ce_specversion", "1.0", "ce_id", id);
        assertThat(json(kafkaHabit.body()).at("/errors/0/message").asText()).isEqualTo("is not read: over HTTP, "
                + "binary mode takes its attributes as ce- headers (ce-specversion, ce-id, ...)");
        // in structured mode by its content type, an event's ce-* headers are nobody's business
        HttpResponse<String> structured = post("/api/v1/events", "application/cloudevents+json",
                "{\"charter_id\":186}", "Authorization", "Bearer " + CHARTER_KEY, "ce-id", id);
        assertThat(json(structured.body()).get("errors").findValuesAsText("field")).doesNotContain("ce-specversion")
                .contains("specversion");
    }

    @Test
    void anAmqpBinaryModeEventIsDelivered() {
        String id = "evt-" + UUID.randomUUID();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", binaryOnAmqp(id).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        // sandbox here: recorded as sent without reaching anybody, the way the dev profile runs
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc
                .sql("SELECT count(*) FROM notifications WHERE event_id = ? AND status = 'sent'").param(id)
                .query(Long.class).single() == 2);
    }

    @Test
    void anAttributeSentTwiceIsRefusedNotJoinedIntoOne() {
        // a proxy or a hand-added header can repeat one: joined, "[a, b]" was taken for an id or a subject
        String id = "evt-" + UUID.randomUUID();
        HttpResponse<String> twice = post("/api/v1/events", "application/json", "{\"charter_id\":186,\"client\":"
                + CLIENT + "}", "Authorization", "Bearer " + CHARTER_KEY, "ce-specversion", "1.0", "ce-id", id,
                "ce-id", id + "-2", "ce-source", "charter-service", "ce-type", "charter.confirmed", "ce-subject",
                "charter/186", "ce-subject", "charter/187");

        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(json(twice.body()).get("errors").toString()).isEqualTo("[{\"field\":\"ce-id\",\"message\":"
                + "\"is given 2 values; a CloudEvents attribute has exactly one\"},{\"field\":\"ce-subject\","
                + "\"message\":\"is given 2 values; a CloudEvents attribute has exactly one\"}]");
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id LIKE ? AND status <> 'rejected'")
                .param("%" + id + "%").query(Long.class).single()).isZero();
    }

    @Test
    void anAttributeWrittenInRawUtf8IsReadAsWrittenNotAsLatin1() throws IOException {
        // curl puts "é" in a header as its two UTF-8 bytes; the binding wants %C3%A9, and both now mean é (Java's
        // HTTP client would send '?', so the request goes out as curl writes it)
        String id = "évt-" + UUID.randomUUID();
        String answer = rawPost("ce-id: " + id + "\r\nce-subject: Zo%C3%AB\r\n", StandardCharsets.UTF_8);

        assertThat(answer).startsWith("HTTP/1.1 202").contains("\"id\":\"" + id + "\"");
        assertThat(eventRow("charter-service", id).get("subject")).isEqualTo("Zoë");

        // a Latin-1 "é" is one byte that is no UTF-8: refused naming the header, not stored as a guess
        String latin1 = rawPost("ce-id: evt-" + UUID.randomUUID() + "\r\nce-subject: café\r\n",
                StandardCharsets.ISO_8859_1);
        assertThat(latin1).startsWith("HTTP/1.1 400").contains("\"field\":\"ce-subject\"");
    }

    // a binary-mode charter.confirmed with these header lines written in this charset; the whole answer, as UTF-8
    private String rawPost(String headerLines, Charset charset) throws IOException {
        byte[] body = ("{\"charter_id\":186,\"client\":" + CLIENT + "}").getBytes(StandardCharsets.UTF_8);
        URI hub = uri("/api/v1/events");
        try (Socket socket = new Socket(hub.getHost(), hub.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Authorization: Bearer " + CHARTER_KEY + "\r\nce-specversion: 1.0\r\n"
                    + "ce-source: charter-service\r\nce-type: charter.confirmed\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(headerLines.getBytes(charset));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAmqpBinaryModeEventMayCarryItsTimeAsATimestampLeaveItsTypeUnsetAndGiveEachAttributeOnce() {
        // the AMQP binding lets an attribute travel as its own type: time as an AMQP timestamp
        String id = "evt-" + UUID.randomUUID();
        Instant time = Instant.parse("2026-03-01T10:00:00Z");
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", binaryOnAmqp(id)
                .setHeader("cloudEvents_time", Date.from(time))
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        assertThat(((java.sql.Timestamp) eventRow("charter-service", id).get("event_time")).toInstant())
                .isEqualTo(time);

        // a publisher that leaves content_type unset (most outside Spring do): the data is read as JSON
        String untyped = "evt-" + UUID.randomUUID();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", binaryOnAmqp(untyped).setContentType(null)
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", untyped)));

        String twice = "evt-" + UUID.randomUUID();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", binaryOnAmqp(twice)
                .setHeader("cloudEvents_subject", List.of("charter/186", "charter/187"))
                .build());
        assertThat(awaitLetter(twice).get("reason").asText()).isEqualTo("rejected event " + twice
                + ": cloudEvents_subject is given 2 values; a CloudEvents attribute has exactly one");
    }

    @Test
    void anAmqpEventInStructuredModeIsReadAsOneWhateverAttributeHeadersCameAlong() {
        // the AMQP binding, like HTTP's: a cloudevents content type is structured mode; read as binary, the whole
        // envelope became the data and the event was parked for a client it had
        String id = "evt-" + UUID.randomUUID();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", MessageBuilder
                .withBody(event(id, "charter.confirmed", "{\"charter_id\":186,\"client\":" + CLIENT + "}")
                        .getBytes(StandardCharsets.UTF_8))
                .setContentType("application/cloudevents+json")
                .setHeader("cloudEvents_specversion", "1.0")
                .setHeader("cloudEvents_id", id)
                .setHeader("cloudEvents_source", "charter-service")
                .setHeader("cloudEvents_type", "charter.confirmed")
                .setHeader(HubHeaders.API_KEY, CHARTER_KEY)
                .build());

        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        assertThat(jdbc.sql("SELECT payload->'data'->>'charter_id' FROM events WHERE event_id = ?").param(id)
                .query(String.class).single()).isEqualTo("186");
    }

    // a charter.confirmed in AMQP binary mode; its data names the id too, so its dead letter can be found by it
    private static MessageBuilderSupport<Message> binaryOnAmqp(String id) {
        return MessageBuilder.withBody(("{\"charter_id\":186,\"note\":\"" + id + "\",\"client\":" + CLIENT + "}")
                .getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json")
                .setHeader("cloudEvents_specversion", "1.0")
                .setHeader("cloudEvents_id", id)
                .setHeader("cloudEvents_source", "charter-service")
                .setHeader("cloudEvents_type", "charter.confirmed")
                .setHeader(HubHeaders.API_KEY, CHARTER_KEY);
    }

    @Test
    void anAmqpBinaryModeEventWithAnotherBindingsPrefixIsParkedSayingWhichPrefixToUse() {
        // Kafka's ce_ (or HTTP's ce-) on RabbitMQ: no attribute is read, and the reason says why, not only what is
        // missing
        String marker = "Kafka-habit " + UUID.randomUUID();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", MessageBuilder
                .withBody(("{\"charter_id\":186,\"note\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json")
                .setHeader("ce_specversion", "1.0")
                .setHeader("ce_id", "evt-" + UUID.randomUUID())
                .setHeader("ce_source", "charter-service")
                .setHeader("ce_type", "charter.confirmed")
                .setHeader(HubHeaders.API_KEY, CHARTER_KEY)
                .build());

        assertThat(awaitLetter(marker).get("reason").asText()).startsWith("rejected event without a readable id: "
                + "ce_specversion is not read: on AMQP, binary mode takes its attributes as cloudEvents_ or "
                + "cloudEvents: headers (cloudEvents_specversion, cloudEvents_id, ...); specversion is required");
    }

    @Test
    void anInvalidAmqpEventIsParkedWithAReadableReasonAndNoKey(CapturedOutput output) {
        String id = "evt-" + UUID.randomUUID();
        Message message = MessageBuilder.withBody(event(id, "charter.confirmed", "{\"charter_id\":186}")
                .getBytes(StandardCharsets.UTF_8))
                .setContentType("application/cloudevents+json")
                .setHeader(HubHeaders.API_KEY, CHARTER_KEY)
                .build();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", message);

        JsonNode letter = awaitLetter(id);
        assertThat(letter.get("reason").asText()).isEqualTo("rejected event " + id + ": data.client is required");
        assertThat(letter.get("headers").get(HubHeaders.AUTHENTICATED_SOURCE).asText()).isEqualTo("charter-service");

        // the key is nowhere: not in the tables, not in any answer, not in the log
        assertThat(jdbc.sql("SELECT count(*) FROM dead_letters WHERE headers::text LIKE ? OR "
                + "convert_from(body, 'UTF8') LIKE ?").params("%" + CHARTER_KEY + "%", "%" + CHARTER_KEY + "%")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE payload::text LIKE ? OR raw LIKE ? OR reason LIKE ?")
                .params("%" + CHARTER_KEY + "%", "%" + CHARTER_KEY + "%", "%" + CHARTER_KEY + "%")
                .query(Long.class).single()).isZero();
        assertThat(get("/ops/api/dead-letters", "Authorization", OPS).body()).doesNotContain(CHARTER_KEY);
        assertThat(get("/ops/api/dead-letters/" + letter.get("id").asText(), "Authorization", OPS).body())
                .doesNotContain(CHARTER_KEY).doesNotContain("api_key");
        assertThat(output.getAll()).doesNotContain(CHARTER_KEY);

        // ops fix the data and replay: re-admitted under the source it was authenticated as, marked as theirs (the
        // corrected message written as JSON, as curl users write it; the console sends it as a string)
        String fixed = event(id, "charter.confirmed", "{\"charter_id\":186,\"client\":" + CLIENT + "}");
        HttpResponse<String> replayed = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay",
                "application/json", JSON.createObjectNode().set("body", json(fixed)).toString(), "Authorization", OPS);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        Map<String, Object> row = eventRow("charter-service", id);
        assertThat(row.get("received_via")).isEqualTo("replay");
        assertThat(row.get("replayed_by")).isEqualTo("ops");
        // the audit keeps who edited what
        JsonNode entry = json(replayed.body()).get("history").get(0);
        assertThat(entry.get("by").asText()).isEqualTo("ops");
        assertThat(entry.get("diff").get(0).get("path").asText()).isEqualTo("data.client");
        assertThat(entry.get("diff").get(0).get("before").asText()).isEqualTo("(absent)");
    }

    @Test
    void aReplayCannotTakeAnotherSourceNorSkipValidation() {
        String id = "evt-" + UUID.randomUUID();
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", MessageBuilder
                .withBody(event(id, "charter.confirmed", "{}").getBytes(StandardCharsets.UTF_8))
                .setContentType("application/cloudevents+json").setHeader(HubHeaders.API_KEY, CHARTER_KEY).build());
        String letter = awaitLetter(id).get("id").asText();

        String otherSource = event(id, "charter.confirmed", "{\"charter_id\":186,\"client\":" + CLIENT + "}")
                .replace("\"source\":\"charter-service\"", "\"source\":\"sales-web\"");
        HttpResponse<String> forged = post("/ops/api/dead-letters/" + letter + "/replay", "application/json",
                JSON.createObjectNode().put("body", otherSource).toString(), "Authorization", OPS);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(json(forged.body()).get("errors").findValuesAsText("field")).containsExactly("body.source");
        HttpResponse<String> stillInvalid = post("/ops/api/dead-letters/" + letter + "/replay", "application/json",
                "", "Authorization", OPS);
        assertThat(stillInvalid.statusCode()).isEqualTo(400);
        assertThat(json(stillInvalid.body()).get("errors").findValuesAsText("field")).contains("data.charter_id");
        assertThat(eventRow("sales-web", id)).isNull();
        // an analyst reads dead letters, and replays nothing
        assertThat(get("/ops/api/dead-letters/" + letter, "Authorization", ANALYST).statusCode()).isEqualTo(200);
        assertThat(post("/ops/api/dead-letters/" + letter + "/replay", "application/json", "", "Authorization",
                ANALYST).statusCode()).isEqualTo(403);
    }

    @Test
    void theMigrationRedactsKeysParkedBeforeThisRelease() throws Exception {
        jdbc.sql("INSERT INTO dead_letters (drain_key, queue, parked_queue, headers, body, reason) VALUES (?, "
                + "'q.ingress', 'q.ingress.parked', CAST(? AS jsonb), ?, 'old')")
                .params("old-" + UUID.randomUUID(), "{\"api_key\":\"leaked-key\",\"Authorization\":\"Bearer x\","
                        + "\"hub_attempt\":1}", "{}".getBytes(StandardCharsets.UTF_8))
                .update();
        String script = Files.readString(Path.of("src/main/resources/db/migration/V9__event_contracts.sql"));
        String redaction = script.substring(script.indexOf("UPDATE dead_letters"), script.indexOf(';') + 1);
        jdbc.sql(redaction).update();

        assertThat(jdbc.sql("SELECT headers::text FROM dead_letters WHERE reason = 'old'").query(String.class)
                .single()).doesNotContain("leaked-key").doesNotContain("Bearer").contains("hub_attempt");
    }

    @Test
    void eventTypesServeTheirSchemas() {
        HttpResponse<String> list = get("/api/v1/event-types", "Authorization", "Bearer " + CHARTER_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode confirmed = null;
        for (JsonNode item : json(list.body()).get("items")) {
            if (item.get("type").asText().equals("charter.confirmed")) {
                confirmed = item;
            }
        }
        assertThat(confirmed).isNotNull();
        assertThat(confirmed.get("required").toString()).isEqualTo("[\"charter_id\",\"client\"]");

        HttpResponse<String> schema = get(confirmed.get("schema").asText(), "Authorization", ANALYST);
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/schema+json"));
        assertThat(json(schema.body()).get("$defs").has("common/recipient.json")).isTrue();
        assertThat(get("/api/v1/event-types/no.such.type", "Authorization", ANALYST).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/event-types").statusCode()).isEqualTo(401);
        assertThat(get("/api/openapi.json").body()).contains("/event-types");
    }

    private HttpResponse<String> sendWithSdk(CloudEvent event, boolean structured) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + CHARTER_KEY);
        byte[][] body = new byte[1][];
        var writer = HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes);
        if (structured) {
            writer.writeStructured(event, new JsonFormat());
        } else {
            writer.writeBinary(event);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build());
    }

    private JsonNode awaitLetter(String marker) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode items = json(get("/ops/api/dead-letters?queue=q.ingress&size=200", "Authorization", OPS)
                    .body()).get("items");
            for (JsonNode item : items) {
                if (item.path("body").asText().contains(marker)) {
                    return item;
                }
            }
            return null;
        }, letter -> letter != null);
    }
}
