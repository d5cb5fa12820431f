package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.amqp.core.Message;

import com.coachway.hub.messaging.WorkQueues;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/** API.md §1 over HTTP: every status a publisher can see, and what each leaves behind. */
// notify consumers stay off: these tests read the router\'s output where it waits, on q.notify
@TestPropertySource(properties = "hub.notify.auto-startup=false")
class IngressHttpTest extends HubIntegrationTest {

    private static final String EVENTS = "/api/v1/events";

    private static String newId() {
        return "evt-" + UUID.randomUUID();
    }

    @Test
    void acceptedEventIsRecordedPublishedAndRouted() {
        String id = newId();
        HttpResponse<String> response = postEvent(event(id, "charter.confirmed", clientData()));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response.body());
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("duplicate").asBoolean()).isFalse();
        // durably accepted means: in the ledger, and routed from the broker without any further help
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        assertThat(eventRow("charter-service", id)).containsEntry("type", "charter.confirmed")
                .containsEntry("received_via", "http")
                .containsEntry("actions", 5); // 2 notifications, 1 push, 2 call-offs of waiting reminders
    }

    @Test
    void sameSourceAndIdAgainIsADuplicateAndIsNotProcessedTwice() {
        String id = newId();
        String event = event(id, "trip.reminder", clientData());
        assertThat(postEvent(event).statusCode()).isEqualTo(202);

        HttpResponse<String> again = postEvent(event);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(json(again.body()).get("id").asText()).isEqualTo(id);
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void sameIdFromAnotherSourceIsAnotherEvent() {
        String id = newId();
        assertThat(postEvent(event(id, "trip.reminder", clientData())).statusCode()).isEqualTo(202);
        String sales = event(id, "lead.created",
                "{\"first_name\":\"Ana\",\"source\":\"web\",\"phone\":\"+15555550142\"}")
                .replace("\"charter-service\"", "\"sales-web\"");

        HttpResponse<String> response = post(EVENTS, "application/cloudevents+json", sales, "X-Api-Key", SALES_KEY);

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void invalidEnvelopeListsEveryProblemAndIsRecordedAsRejected() {
        String body = """
                {"specversion":"0.3","id":"","source":42,"time":"yesterday","type":"has spaces",
                 "data":{},"data_base64":"AAAA","BadName":"x"}""";

        HttpResponse<String> response = post(EVENTS, "application/cloudevents+json", body, "Authorization",
                "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("type").asText()).startsWith("https://");
        assertThat(fields(problem)).containsExactlyInAnyOrder("specversion", "id", "source", "type", "time",
                "data_base64", "BadName");
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE status = 'rejected' AND raw LIKE '%has spaces%'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void missingRequiredAttributesAreAllNamed() {
        HttpResponse<String> response = post(EVENTS, "application/json", "{\"data\":{}}", "Authorization",
                "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fields(json(response.body()))).containsExactlyInAnyOrder("specversion", "id", "source", "type");
    }

    @Test
    void wrongTypesAreNamed() {
        String body = "{\"specversion\":1.0,\"id\":7,\"source\":[\"a\"],\"type\":{\"x\":1},\"subject\":5}";

        HttpResponse<String> response = post(EVENTS, "application/json", body, "Authorization",
                "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response.body());
        assertThat(fields(problem)).containsExactlyInAnyOrder("specversion", "id", "source", "type", "subject");
        problem.get("errors").forEach(e -> assertThat(e.get("message").asText()).isEqualTo("must be a string"));
    }

    @Test
    void malformedJsonIs400() {
        for (String body : List.of("{\"specversion\":", "not json", "{} {}", "{\"id\":\"a\",\"id\":\"b\"}", "")) {
            HttpResponse<String> response = post(EVENTS, "application/cloudevents+json", body, "Authorization",
                    "Bearer " + CHARTER_KEY);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void hostileInputIsRefusedWithA4xxAndNothingIsAccepted() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String nul = event(newId(), "trip.reminder", "{\"note\":\"a\\u0000b\"}");
        String control = event("evt-\u0007bell", "trip.reminder", "{}");
        String longId = event("x".repeat(10_000), "trip.reminder", "{}");
        String injection = event("1'; DROP TABLE events; --", "trip.reminder",
                "{\"client\":{\"name\":\"<script>alert(1)</script>\",\"email\":\"ana@example.com\"}}");
        for (String body : List.of(deep, "{\"a\":" + deep + "}", nul, control, longId)) {
            HttpResponse<String> response = post(EVENTS, "application/cloudevents+json", body, "Authorization",
                    "Bearer " + CHARTER_KEY);
            assertThat(response.statusCode()).as(body.substring(0, Math.min(60, body.length()))).isEqualTo(400);
        }
        // an id that merely looks like SQL is just an id: accepted, stored verbatim, table intact
        assertThat(postEvent(injection).statusCode()).isEqualTo(202);
        assertThat(eventRow("charter-service", "1'; DROP TABLE events; --")).isNotNull();
    }

    @Test
    void nonAsciiTextTravelsUnchanged() {
        String id = newId();
        String data = "{\"client\":{\"name\":\"Zoë Ñúñez 東京 🚌\",\"phone\":\"+15555550142\"}}";

        assertThat(postEvent(event(id, "trip.reminder", data)).statusCode()).isEqualTo(202);

        // the router marks the event routed and publishes its work; wait for the message, not for the mark
        Message work = await().atMost(Duration.ofSeconds(10)).until(() -> drain(WorkQueues.NOTIFY).stream()
                .filter(m -> id.equals(m.getMessageProperties().getCorrelationId()))
                .findFirst()
                .orElse(null), Objects::nonNull);
        assertThat(json(new String(work.getBody(), StandardCharsets.UTF_8)).at("/recipient/name").asText())
                .isEqualTo("Zoë Ñúñez 東京 🚌");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = "{\"specversion\":\"1.0\",\"id\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(EVENTS))
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + CHARTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void noKeyOrUnknownKeyIs401() {
        String event = event(newId(), "trip.reminder", "{}");

        HttpResponse<String> none = post(EVENTS, "application/cloudevents+json", event);
        HttpResponse<String> unknown = post(EVENTS, "application/cloudevents+json", event, "Authorization",
                "Bearer nope");
        HttpResponse<String> unknownHeader = post(EVENTS, "application/cloudevents+json", event, "X-Api-Key", "nope");
        HttpResponse<String> badBasic = post(EVENTS, "application/cloudevents+json", event, "Authorization",
                "Basic b3BzOndyb25n");

        for (HttpResponse<String> response : List.of(none, unknown, unknownHeader, badBasic)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(response.body()).get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void twoDifferentKeysAre401NotAGuessAtWhichWasMeant() {
        String event = event(newId(), "trip.reminder", "{\"client\":{\"name\":\"Ana\",\"phone\":\"+15555551234\"}}");

        HttpResponse<String> both = post(EVENTS, "application/cloudevents+json", event, "X-Api-Key", CHARTER_KEY,
                "Authorization", "Bearer " + SALES_KEY);
        HttpResponse<String> twice = post(EVENTS, "application/cloudevents+json", event, "X-Api-Key", SALES_KEY,
                "X-Api-Key", CHARTER_KEY);
        for (HttpResponse<String> response : List.of(both, twice)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response.body()).get("detail").asText()).startsWith("More than one API key was presented");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE payload->>'id' = ?").param(json(event).get("id")
                .asText()).query(Integer.class).single()).isZero();

        // the same key in both headers is one key
        assertThat(post(EVENTS, "application/cloudevents+json", event, "X-Api-Key", CHARTER_KEY, "Authorization",
                "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void eventFromAnotherSourceOrKeyWithoutPublisherRoleIs403() {
        String salesEvent = event(newId(), "lead.created", "{}").replace("\"charter-service\"", "\"sales-web\"");

        HttpResponse<String> wrongSource = post(EVENTS, "application/cloudevents+json", salesEvent, "Authorization",
                "Bearer " + CHARTER_KEY);
        HttpResponse<String> wrongRole = post(EVENTS, "application/cloudevents+json", salesEvent, "X-Api-Key",
                OPS_KEY);
        HttpResponse<String> person = post(EVENTS, "application/cloudevents+json", salesEvent, "Authorization",
                "Basic b3BzOm9wcy1wYXNzd29yZA==");

        assertThat(wrongSource.statusCode()).isEqualTo(403);
        assertThat(fields(json(wrongSource.body()))).containsExactly("source");
        assertThat(wrongRole.statusCode()).isEqualTo(403);
        assertThat(person.statusCode()).isEqualTo(403);
        assertThat(jdbc
                .sql("SELECT count(*) FROM events WHERE status <> 'rejected' AND raw IS NULL AND payload->>'id' = ?")
                .param(json(salesEvent).get("id").asText())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void bodyOver256KiBIs413WhetherDeclaredOrChunked() {
        String big = event(newId(), "trip.reminder", "{\"pad\":\"" + "x".repeat(270_000) + "\"}");

        HttpResponse<String> declared = postEvent(big);
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri(EVENTS))
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + CHARTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(json(declared.body()).get("status").asInt()).isEqualTo(413);
    }

    @Test
    void chunkedBodyUnderTheLimitIsAccepted() {
        String id = newId();
        String event = event(id, "trip.reminder", clientData());

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(EVENTS))
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + CHARTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))))
                .build());

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void otherContentTypesAre415() {
        String event = event(newId(), "trip.reminder", "{}");
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "application/json; charset=iso-8859-1", "garbage")) {
            HttpResponse<String> response = post(EVENTS, type, event, "Authorization", "Bearer " + CHARTER_KEY);
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.headers().firstValue("Content-Type")).as(type).hasValue("application/problem+json");
        }
        assertThat(post(EVENTS, null, event, "Authorization", "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(415);
    }

    @Test
    void batchAnswers207WithEveryEventsOwnFate() {
        String accepted = newId();
        String duplicate = newId();
        assertThat(postEvent(event(duplicate, "trip.reminder", clientData())).statusCode()).isEqualTo(202);
        String batch = "[" + event(accepted, "trip.reminder", clientData()) + ","
                + event(duplicate, "trip.reminder", clientData()) + ","
                + "{\"specversion\":\"1.0\",\"id\":\"bad-one\",\"source\":\"charter-service\"},"
                + event(newId(), "trip.reminder", "{}").replace("\"charter-service\"", "\"sales-web\"") + "]";

        HttpResponse<String> response = post(EVENTS, "application/cloudevents-batch+json", batch, "Authorization",
                "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(207);
        JsonNode results = json(response.body()).get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(0).get("id").asText()).isEqualTo(accepted);
        assertThat(results.get(1).get("status").asText()).isEqualTo("duplicate");
        assertThat(results.get(2).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(2).get("id").asText()).isEqualTo("bad-one");
        assertThat(results.get(2).get("errors").get(0).get("field").asText()).isEqualTo("type");
        assertThat(results.get(3).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(3).get("errors").get(0).get("field").asText()).isEqualTo("source");
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", accepted)));
    }

    @Test
    void theSameEventTwiceInOneBatchIsAcceptedOnceAndThenADuplicate() {
        String id = newId();
        String batch = "[" + event(id, "trip.reminder", clientData()) + "," + event(id, "trip.reminder", clientData())
                + "]";

        HttpResponse<String> response = post(EVENTS, "application/cloudevents-batch+json", batch, "Authorization",
                "Bearer " + CHARTER_KEY);

        assertThat(response.statusCode()).isEqualTo(207);
        assertThat(json(response.body()).get("results").findValuesAsText("status"))
                .containsExactly("accepted", "duplicate");
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1);
    }

    // A request is one transaction: two batches holding the same events, one in reverse, must queue behind each
    // other's claims, never deadlock into a 503, and between them accept every event exactly once.
    @Test
    void batchesSharingEventsInOppositeOrderEachAnswerAndAcceptEveryEventOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<String> ids = IntStream.range(0, 200).mapToObj(i -> newId()).toList();
            List<String> events = new ArrayList<>(ids.stream().map(id -> event(id, "trip.reminder", clientData()))
                    .toList());
            String forward = "[" + String.join(",", events) + "]";
            Collections.reverse(events);
            String backward = "[" + String.join(",", events) + "]";
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                    () -> post(EVENTS, "application/cloudevents-batch+json", forward, "Authorization",
                            "Bearer " + CHARTER_KEY));
            HttpResponse<String> second = post(EVENTS, "application/cloudevents-batch+json", backward,
                    "Authorization", "Bearer " + CHARTER_KEY);

            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(207);
            assertThat(second.statusCode()).isEqualTo(207);
            List<String> statuses = new ArrayList<>(json(first.get().body()).get("results").findValuesAsText("status"));
            statuses.addAll(json(second.body()).get("results").findValuesAsText("status"));
            assertThat(statuses).filteredOn("accepted"::equals).hasSize(200);
            assertThat(statuses).filteredOn("duplicate"::equals).hasSize(200);
            assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id IN (:ids) AND status <> 'rejected'")
                    .param("ids", ids).query(Integer.class).single()).isEqualTo(200);
        }
    }

    @Test
    void batchWithMoreThan500EventsOrNotAnArrayIsRefusedWhole() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\"}");
        }
        many.append(']');

        HttpResponse<String> tooMany = post(EVENTS, "application/cloudevents-batch+json", many.toString(),
                "Authorization", "Bearer " + CHARTER_KEY);
        HttpResponse<String> object = post(EVENTS, "application/cloudevents-batch+json",
                event(newId(), "trip.reminder", "{}"), "Authorization", "Bearer " + CHARTER_KEY);
        HttpResponse<String> empty = post(EVENTS, "application/cloudevents-batch+json", "[]", "Authorization",
                "Bearer " + CHARTER_KEY);
        HttpResponse<String> arrayAsSingle = post(EVENTS, "application/cloudevents+json", "[]", "Authorization",
                "Bearer " + CHARTER_KEY);

        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(object.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(arrayAsSingle.statusCode()).isEqualTo(400);
    }

    @Test
    void responsesNeverEchoTheCallersCredentials() {
        HttpResponse<String> response = postEvent(event(newId(), "trip.reminder", "{}"));

        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(response.body()).doesNotContain(CHARTER_KEY);
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsText("field");
    }
}
