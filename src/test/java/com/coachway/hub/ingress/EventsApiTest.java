package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/events}: the first step of tracing a message is finding what became of its event, without
 * psql. Publishers see their own source's events; ops see every one, the refused ones too.
 */
// nothing here needs notifications made: the router's work waits on q.notify
@TestPropertySource(properties = "hub.notify.auto-startup=false")
class EventsApiTest extends HubIntegrationTest {

    private static final String OPS = "Bearer " + OPS_KEY;

    @Test
    void aRoutedEventShowsTheRulesThatMatchedAndTheWorkTheyMade() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "charter.confirmed", clientData())).statusCode()).isEqualTo(202);

        JsonNode found = await().atMost(Duration.ofSeconds(10)).until(() -> only(id, OPS),
                e -> e != null && "routed".equals(e.get("status").asText()));
        assertThat(found.get("source").asText()).isEqualTo("charter-service");
        assertThat(found.get("type").asText()).isEqualTo("charter.confirmed");
        assertThat(found.get("subject").asText()).isEqualTo("charter/186");
        assertThat(found.get("time").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(found.get("received_via").asText()).isEqualTo("http");
        // a charter confirmed again replaces the trip reminder that an earlier confirmation or reschedule left waiting;
        // one without a trip date gets none, and ops asked "where is the reminder?" read why
        assertThat(found.get("reason").asText()).isEqualTo("rules: charter-confirmed;"
                + " no trip_reminder to client: it has no date at trip.date;"
                + " calls off any waiting sends of charter-confirmed, charter-rescheduled");
        assertThat(found.get("actions").asInt()).isEqualTo(5); // two notification requests, two call-offs, a push
        assertThat(found.has("payload")).isFalse();
        // the push is there from the start, and says why nothing takes it: this hub has no vendor system configured
        JsonNode pushes = json(get("/api/v1/pushes?event_id=" + id, "Authorization", OPS).body()).get("items");
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).get("destination").asText()).isEqualTo("vendor");
        assertThat(pushes.get(0).get("status").asText()).isEqualTo("pending");
        assertThat(pushes.get(0).get("attempts").asInt()).isZero();
        assertThat(pushes.get(0).get("waiting").asText())
                .isEqualTo("pushes to vendor are off (hub.outbound.vendor.base-url is not set): it waits in its queue");

        // the system that sent it can look it up the same way
        assertThat(only(id, "Bearer " + CHARTER_KEY)).isEqualTo(found);
    }

    @Test
    void anActionWhoseConditionTheEventDoesNotMeetIsNamedWithTheCondition() {
        String change = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(change, "change.case.created", """
                {"case_number":"CC-1","client":{"name":"Ana Ruiz","email":"ana@example.com"},
                 "vendor":{"name":"Blue Coaches","email":"ops@bluecoaches.example"}}""")).statusCode()).isEqualTo(202);
        String attempt = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(attempt, "dispatch.recovery.contact_attempted", """
                {"recovery_id":"R-%s","attempts":1,"driver":{"name":"Dave","phone":"+15555550188"}}"""
                .formatted(UUID.randomUUID()))).statusCode()).isEqualTo(202);

        // "why did the vendor hear nothing?", "why no escalation yet?"
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> only(change, OPS),
                e -> e != null && "routed".equals(e.get("status").asText())).get("reason").asText())
                .isEqualTo("rules: change-case; no change_case_created to vendor: only when affects_vendor is true");
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> only(attempt, OPS),
                e -> e != null && "routed".equals(e.get("status").asText())).get("reason").asText())
                .isEqualTo("rules: recovery-contact-attempted; raises no dispatch.recovery.escalated: only when"
                        + " attempts is at least 3");
    }

    @Test
    void anEventNoRuleMatchesIsUnroutedAndSaysSo() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "ops.nothing.happened", "{}")).statusCode()).isEqualTo(202);

        JsonNode found = await().atMost(Duration.ofSeconds(10)).until(() -> only(id, OPS),
                e -> e != null && !"accepted".equals(e.get("status").asText()));
        assertThat(found.get("status").asText()).isEqualTo("unrouted");
        assertThat(found.get("reason").asText()).isEqualTo("no rule matches");
        assertThat(list("?status=unrouted&type=ops.nothing.happened", OPS).get("items").findValuesAsText("id"))
                .contains(id);
    }

    @Test
    void anEventRefusedOverAmqpIsFoundByOpsWithEveryProblem() {
        // over AMQP nobody answers the sender: this listing is where the refusal can be read
        String id = "evt-" + UUID.randomUUID();
        Message message = MessageBuilder.withBody(("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"charter-service\",\"time\":\"soon\"}").getBytes(StandardCharsets.UTF_8))
                .setContentType("application/cloudevents+json").build();
        message.getMessageProperties().setHeader(HubHeaders.API_KEY, CHARTER_KEY);
        rabbit.send(WorkQueues.INGRESS_EXCHANGE, "charter.confirmed", message);

        JsonNode found = await().atMost(Duration.ofSeconds(10)).until(() -> list("?id=" + id, OPS).get("items"),
                items -> items.size() == 1).get(0);
        assertThat(found.get("status").asText()).isEqualTo("rejected");
        assertThat(found.get("received_via").asText()).isEqualTo("amqp");
        assertThat(found.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("type", "time");
        assertThat(found.toString()).doesNotContain(CHARTER_KEY);

        // a refused event's source is only what its sender claimed: publishers are not shown such rows
        assertThat(list("?id=" + id, "Bearer " + CHARTER_KEY).get("total").asInt()).isZero();
        assertProblem(get("/api/v1/events?status=rejected", "Authorization", "Bearer " + CHARTER_KEY), 400, "status");
    }

    @Test
    void aPublisherSeesOnlyItsOwnSourcesEvents() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "trip.reminder", clientData())).statusCode()).isEqualTo(202);
        // another system's key claiming the charter service's source is refused and recorded
        String spoofed = "evt-" + UUID.randomUUID();
        assertThat(post("/api/v1/events", "application/cloudevents+json", event(spoofed, "trip.reminder", "{}"),
                "Authorization", "Bearer " + SALES_KEY).statusCode()).isEqualTo(403);

        await().atMost(Duration.ofSeconds(10)).until(() -> list("?id=" + id, OPS).get("total").asInt() == 1);
        assertThat(list("?id=" + id, "Bearer " + SALES_KEY).get("total").asInt()).isZero();
        JsonNode refused = list("?id=" + spoofed, OPS).get("items").get(0);
        assertThat(refused.get("status").asText()).isEqualTo("rejected");
        assertThat(refused.get("type").asText()).isEqualTo("trip.reminder"); // what it was, though it was refused
        assertThat(list("?id=" + spoofed, "Bearer " + CHARTER_KEY).get("total").asInt()).isZero();
        assertProblem(get("/api/v1/events?source=charter-service", "Authorization", "Bearer " + SALES_KEY),
                400, "source");
    }

    @Test
    void filtersThatCannotBeReadAreA400NamingEach() {
        HttpResponse<String> response = get("/api/v1/events?status=lost&since=yesterday&size=0&id=" + "x".repeat(300),
                "Authorization", OPS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("status",
                "since", "size", "id");
        HttpResponse<String> backwards = get("/api/v1/events?since=2026-06-02T00:00:00Z&until=2026-06-01T00:00:00Z",
                "Authorization", OPS);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards.body()).at("/errors/0/field").asText()).isEqualTo("until");
        assertThat(get("/api/v1/events").statusCode()).isEqualTo(401);
    }

    /** The one event with this id, as {@code authorization} sees it. */
    private JsonNode only(String id, String authorization) {
        JsonNode items = list("?id=" + id, authorization).get("items");
        return items.size() == 1 ? items.get(0) : null;
    }

    private JsonNode list(String query, String authorization) {
        HttpResponse<String> response = get("/api/v1/events" + query, "Authorization", authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }
}
