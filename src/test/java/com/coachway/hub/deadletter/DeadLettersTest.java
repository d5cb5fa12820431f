package com.coachway.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import com.coachway.hub.support.TestInfrastructure;
import com.coachway.hub.vocabulary.CompanyZone;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;

/** Parked and unroutable messages end in dead_letters, where ops read, replay and discard them over HTTP. */
@TestPropertySource(properties = {"hub.deadletters.auto-startup=true", "hub.notify.auto-startup=false"})
class DeadLettersTest extends HubIntegrationTest {

    static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    static final String BULK = "/ops/api/dead-letters/replay";
    static final String ANALYST = "Basic " + Base64.getEncoder()
            .encodeToString("analyst:analyst-password".getBytes());

    @Autowired
    CompanyZone company;

    @BeforeEach
    void clean() {
        purgeAll();
        // before the first listing: the hub remembers for a while that the plugin was off
        TestInfrastructure.enableManagementPlugin();
    }

    @Test
    void poisonIsStoredWithItsReasonAndCanBeDiscardedOnce() {
        String marker = "not json " + UUID.randomUUID();
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                MessageBuilder.withBody(marker.getBytes(StandardCharsets.UTF_8)).setMessageId("m-" + marker)
                        // as every message the hub publishes with a confirm carries it
                        .setHeader("spring_returned_message_correlation", "m-" + marker)
                        .build());

        JsonNode letter = awaitLetter("q.router", marker);
        assertThat(letter.get("reason").asText()).startsWith("not JSON");
        assertThat(letter.get("kind").asText()).isEqualTo("permanent");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.get("original_exchange").asText()).isEqualTo(WorkQueues.EVENTS_EXCHANGE);
        assertThat(letter.get("original_routing_key").asText()).isEqualTo("charter.confirmed");
        assertThat(letter.get("headers").get("hub_failure_kind").asText()).isEqualTo("permanent");
        // what ops read is the hub's bookkeeping, not Spring AMQP's
        assertThat(letter.get("headers").fieldNames()).toIterable().noneMatch(name -> name.startsWith("spring_"));
        // drained: nothing waits in RabbitMQ any more
        assertThat(depth(WorkQueues.parked(WorkQueues.ROUTER))).isZero();

        String id = letter.get("id").asText();
        assertThat(post("/ops/api/dead-letters/" + id + "/discard", "application/json", "{}", "Authorization", OPS)
                .statusCode()).isEqualTo(400);
        assertThat(post("/ops/api/dead-letters/" + id + "/discard", "application/json",
                "{\"reason\":\"junk\",\"dry_run\":true}", "Authorization", OPS).statusCode()).isEqualTo(400);
        HttpResponse<String> discarded = post("/ops/api/dead-letters/" + id + "/discard", "application/json",
                "{\"reason\":\"test garbage from a load tool\"}", "Authorization", OPS);
        assertThat(discarded.statusCode()).isEqualTo(200);
        JsonNode history = json(discarded.body()).get("history").get(0);
        assertThat(history.get("action").asText()).isEqualTo("discarded");
        assertThat(history.get("by").asText()).isEqualTo("ops");
        assertThat(history.get("note").asText()).isEqualTo("test garbage from a load tool");
        assertThat(post("/ops/api/dead-letters/" + id + "/replay", "application/json", "", "Authorization", OPS)
                .statusCode()).isEqualTo(409);
    }

    @Test
    void aReplayWithAnEditedBodyIsRoutedAndRecorded() {
        String eventId = "evt-" + UUID.randomUUID();
        String broken = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\"}";
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "trip.reminder", MessageBuilder
                .withBody(broken.getBytes(StandardCharsets.UTF_8)).setMessageId("charter-service/" + eventId)
                .build());
        JsonNode letter = awaitLetter("q.router", eventId);
        assertThat(letter.get("reason").asText()).contains("source, id and type");

        // ops fix the event and replay it: the router takes it like any other
        String fixed = event(eventId, "trip.reminder", clientData());
        // a misspelt key is named: ignored, the broken event would be replayed as it was parked
        HttpResponse<String> misspelt = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay",
                "application/json", JSON.createObjectNode().put("bdy", fixed).toString(), "Authorization", OPS);
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(json(misspelt.body()).at("/errors/0/field").asText()).isEqualTo("bdy");
        HttpResponse<String> replayed = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay",
                "application/json", JSON.createObjectNode().put("body", fixed).toString(), "Authorization", OPS);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json(replayed.body()).get("status").asText()).isEqualTo("replayed");
        assertThat(json(replayed.body()).get("history").get(0).get("note").asText()).contains("edited body");
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", eventId)));
    }

    @Test
    void unroutableMessagesAreKeptToo() {
        String marker = "{\"lost\":\"" + UUID.randomUUID() + "\"}";
        rabbit.send(WorkQueues.WORK_EXCHANGE, "q.nowhere", MessageBuilder
                .withBody(marker.getBytes(StandardCharsets.UTF_8)).build());

        JsonNode letter = awaitLetter(WorkQueues.UNROUTED, marker);
        assertThat(letter.get("kind").asText()).isEqualTo("unroutable");
        assertThat(letter.get("reason").asText()).contains("q.nowhere", "hub.work");
    }

    @Test
    void whatAParkingQueueGaveUpOnIsKeptFromTheLastResortUnderItsWorkQueue() {
        String marker = "{\"gave-up\":\"" + UUID.randomUUID() + "\"}";
        // as the broker passes on a message rejected from q.deliver.sms.parked: the newest death names the parking
        // queue, the one before it the work queue where it failed
        rabbit.send(WorkQueues.LAST_RESORT_EXCHANGE, "", MessageBuilder
                .withBody(marker.getBytes(StandardCharsets.UTF_8))
                .setHeader("x-death", List.of(
                        Map.of("queue", "q.deliver.sms.parked", "reason", "rejected", "count", 1L),
                        Map.of("queue", "q.deliver.sms", "reason", "rejected", "count", 1L)))
                .build());

        JsonNode letter = awaitLetter(WorkQueues.DELIVER_SMS, marker);
        assertThat(letter.get("kind").asText()).isEqualTo("rejected");
        assertThat(letter.get("reason").asText()).contains("dead-lettered by the broker");
        assertThat(depth(WorkQueues.LAST_RESORT)).isZero();
    }

    @Test
    void readingNeedsOpsAndBadInputIsAProblem() {
        assertThat(get("/ops/api/dead-letters").statusCode()).isEqualTo(401);
        // analysts read what ops read, and write nothing (API.md, Authentication)
        assertThat(get("/ops/api/dead-letters", "Authorization", ANALYST).statusCode()).isEqualTo(200);
        assertThat(get("/ops/api/queues", "Authorization", ANALYST).statusCode()).isEqualTo(200);
        assertThat(post("/ops/api/dead-letters/1/discard", "application/json", "{\"reason\":\"x\"}",
                "Authorization", ANALYST).statusCode()).isEqualTo(403);
        assertThat(get("/ops/api/dead-letters?since=yesterday", "Authorization", OPS).statusCode()).isEqualTo(400);
        assertThat(get("/ops/api/dead-letters?since=2026-06-02&until=2026-06-01", "Authorization", OPS).statusCode())
                .isEqualTo(400);
        HttpResponse<String> lost = get("/ops/api/dead-letters?status=lost", "Authorization", OPS);
        assertThat(lost.statusCode()).isEqualTo(400);
        assertThat(lost.body())
                .contains("{\"field\":\"status\",\"message\":\"must be one of parked, replayed, discarded\"}");
        assertThat(get("/ops/api/dead-letters?size=0", "Authorization", OPS).statusCode()).isEqualTo(400);
        assertThat(get("/ops/api/dead-letters/999999", "Authorization", OPS).statusCode()).isEqualTo(404);
        assertThat(get("/ops/api/dead-letters/abc", "Authorization", OPS).statusCode()).isEqualTo(404);
        assertThat(post("/ops/api/dead-letters/999999/replay", "application/json", "", "Authorization", OPS)
                .statusCode()).isEqualTo(404);
        assertThat(post("/ops/api/dead-letters/1/replay", "application/json", "{\"body\":", "Authorization", OPS)
                .statusCode()).isEqualTo(400);
        assertThat(post("/ops/api/dead-letters/replay", "application/json", "{\"since\":\"soon\"}",
                "Authorization", OPS).statusCode()).isEqualTo(400);
    }

    @Test
    void bulkReplayTakesTheContractsShapeCountsOnADryRunAndGoesOnPastOneItCannotReplay() {
        String since = Instant.now().minusSeconds(1).toString();
        for (String body : List.of("not json " + UUID.randomUUID(), "not json " + UUID.randomUUID())) {
            rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                    MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setMessageId("m-" + body).build());
        }
        // not UTF-8: a body ops cannot replay without editing it
        rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed", MessageBuilder
                .withBody(new byte[]{(byte) 0xff, (byte) 0xfe, 0x00}).setMessageId("m-binary-" + since).build());
        String list = "/ops/api/dead-letters?queue=q.router&status=parked&since=" + since;
        await().atMost(Duration.ofSeconds(20))
                .until(() -> json(get(list, "Authorization", OPS).body()).get("total").asInt() == 3);
        String filter = "{\"queue\":\"q.router\",\"since\":\"" + since + "\"}";
        // a day asked for by its date is the whole day on the company's clock, as ops mean it: not an empty list, not
        // "until before since"
        String today = LocalDate.now(company.zone()).toString();
        HttpResponse<String> day = get("/ops/api/dead-letters?queue=q.router&status=parked&since=" + today
                + "&until=" + today, "Authorization", OPS);
        assertThat(day.statusCode()).as(day.body()).isEqualTo(200);
        assertThat(json(day.body()).get("total").asInt()).isGreaterThanOrEqualTo(3);

        // the contract's shape only: unknown keys, a missing filter and the old flat keys are refused
        HttpResponse<String> flat = post(BULK, "application/json", "{\"queue\":\"q.router\"}", "Authorization", OPS);
        assertThat(flat.statusCode()).isEqualTo(400);
        assertThat(json(flat.body()).get("errors").findValuesAsText("field")).containsExactly("filter", "queue");
        HttpResponse<String> unknown = post(BULK, "application/json",
                "{\"filter\":{\"colour\":\"red\"},\"dry_run\":true}", "Authorization", OPS);
        assertThat(json(unknown.body()).get("errors").findValuesAsText("field")).containsExactly("filter.colour");
        // a mistyped queue would match nothing: "nothing failed" at 3 a.m.
        HttpResponse<String> mistyped = post(BULK, "application/json",
                "{\"filter\":{\"queue\":\"router\"},\"dry_run\":true}", "Authorization", OPS);
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(json(mistyped.body()).at("/errors/0/field").asText()).isEqualTo("filter.queue");
        assertThat(json(mistyped.body()).at("/errors/0/message").asText()).contains("'router' is no hub queue",
                "did you mean q.router?");
        HttpResponse<String> listed = get("/ops/api/dead-letters?queue=q.routr", "Authorization", OPS);
        assertThat(listed.statusCode()).isEqualTo(400);
        assertThat(json(listed.body()).at("/errors/0/field").asText()).isEqualTo("queue");
        assertThat(get("/ops/api/dead-letters?queue=q.router.parked", "Authorization", OPS).statusCode())
                .isEqualTo(200);

        HttpResponse<String> dryRun = post(BULK, "application/json", "{\"filter\":" + filter + ",\"dry_run\":true}",
                "Authorization", OPS);
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(json(dryRun.body()).get("matched").asInt()).isEqualTo(3);
        assertThat(json(get(list, "Authorization", OPS).body()).get("total").asInt()).isEqualTo(3);

        HttpResponse<String> run = post(BULK, "application/json", "{\"filter\":" + filter + "}", "Authorization",
                OPS);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode result = json(run.body());
        assertThat(result.get("replayed").asInt()).isEqualTo(2);
        assertThat(result.get("refused")).hasSize(1);
        assertThat(result.get("refused").get(0).get("reason").asText()).contains("not UTF-8");
        // an analyst reads, and never writes
        assertThat(post(BULK, "application/json", "{\"filter\":{},\"dry_run\":true}", "Authorization", ANALYST)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void bulkDiscardCountsOnADryRunNeedsAReasonAndGivesUpEveryMatchOnceWithIt() {
        String since = Instant.now().minusSeconds(1).toString();
        List<String> bodies = List.of("not json " + UUID.randomUUID(), "not json " + UUID.randomUUID(),
                "not json " + UUID.randomUUID());
        for (String body : bodies) {
            rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed",
                    MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setMessageId("m-" + body).build());
        }
        // parked on another queue: outside the filter, and left alone
        String elsewhere = "{\"lost\":\"" + UUID.randomUUID() + "\"}";
        rabbit.send(WorkQueues.WORK_EXCHANGE, "q.nowhere", MessageBuilder
                .withBody(elsewhere.getBytes(StandardCharsets.UTF_8)).build());
        JsonNode untouched = awaitLetter(WorkQueues.UNROUTED, elsewhere);
        String list = "/ops/api/dead-letters?queue=q.router&status=parked&since=" + since;
        await().atMost(Duration.ofSeconds(20))
                .until(() -> json(get(list, "Authorization", OPS).body()).get("total").asInt() == 3);
        String filter = "{\"queue\":\"q.router\",\"since\":\"" + since + "\"}";
        String discard = "/ops/api/dead-letters/discard";

        // why is required, and said once whatever is wrong with it; the filter is the bulk replay's
        for (String reason : List.of("", ",\"reason\":\"  \"", ",\"reason\":7")) {
            HttpResponse<String> refused = post(discard, "application/json", "{\"filter\":" + filter + reason + "}",
                    "Authorization", OPS);
            assertThat(refused.statusCode()).as(reason).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(refused.body()).get("errors").findValuesAsText("field")).as(reason)
                    .containsExactly("reason");
        }
        HttpResponse<String> bad = post(discard, "application/json", "{\"filter\":{\"since\":\"soon\",\"colour\":1},"
                + "\"reason\":\"" + "x".repeat(1001) + "\"}", "Authorization", OPS);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("filter.colour", "filter.since", "reason");
        assertThat(post(discard, "application/json", "{\"reason\":\"old\"}", "Authorization", OPS).statusCode())
                .isEqualTo(400);
        assertThat(post(discard, "application/json", "{\"filter\":{},\"reason\":\"old\"}", "Authorization",
                ANALYST).statusCode()).isEqualTo(403);
        assertThat(json(get(list, "Authorization", OPS).body()).get("total").asInt()).isEqualTo(3);

        // a dry run needs no reason, counts, and touches nothing
        HttpResponse<String> dryRun = post(discard, "application/json", "{\"filter\":" + filter
                + ",\"dry_run\":true}", "Authorization", OPS);
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(json(dryRun.body()).get("matched").asInt()).isEqualTo(3);
        assertThat(json(get(list, "Authorization", OPS).body()).get("total").asInt()).isEqualTo(3);

        HttpResponse<String> run = post(discard, "application/json", "{\"filter\":" + filter
                + ",\"reason\":\"load-test garbage from the staging tool\"}", "Authorization", OPS);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode result = json(run.body());
        assertThat(result.get("discarded").asInt()).isEqualTo(3);
        assertThat(result.get("refused")).isEmpty();
        assertThat(result.get("remaining").asInt()).isZero();
        List<Long> ids = new java.util.ArrayList<>();
        result.get("ids").forEach(id -> ids.add(id.asLong()));
        assertThat(ids).hasSize(3).isSorted(); // oldest first
        for (long id : ids) {
            JsonNode letter = json(get("/ops/api/dead-letters/" + id, "Authorization", OPS).body());
            assertThat(letter.get("status").asText()).isEqualTo("discarded");
            assertThat(letter.get("history")).hasSize(1);
            assertThat(letter.get("history").get(0).get("by").asText()).isEqualTo("ops");
            assertThat(letter.get("history").get(0).get("note").asText())
                    .isEqualTo("load-test garbage from the staging tool");
        }
        assertThat(post("/ops/api/dead-letters/" + ids.get(0) + "/replay", "application/json", "", "Authorization",
                OPS).statusCode()).isEqualTo(409);
        // nothing left to take, and what the filter did not name is still parked
        HttpResponse<String> again = post(discard, "application/json", "{\"filter\":" + filter
                + ",\"reason\":\"again\"}", "Authorization", OPS);
        assertThat(json(again.body()).get("discarded").asInt()).isZero();
        assertThat(json(get("/ops/api/dead-letters/" + untouched.get("id").asText(), "Authorization", OPS).body())
                .get("status").asText()).isEqualTo("parked");
    }

    @Test
    void queuesShowWhatGoesInAndOutPerSecondAsTheBrokerCountsIt() {
        // steady traffic through q.notify (its hub consumers are off here): ten messages a second in, and taken out
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> {
            rabbit.send("", WorkQueues.NOTIFY, MessageBuilder.withBody("{}".getBytes(StandardCharsets.UTF_8)).build());
            rabbit.execute(channel -> { // taken and acknowledged, as a hub consumer does
                GetResponse taken = channel.basicGet(WorkQueues.NOTIFY, false);
                if (taken != null) {
                    channel.basicAck(taken.getEnvelope().getDeliveryTag(), false);
                }
                return null;
            });
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            // the plugin samples every five seconds: wait for a sample that saw the traffic
            JsonNode notify = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> queue(json(get("/ops/api/queues", "Authorization", OPS).body()), WorkQueues.NOTIFY),
                            q -> q.get("in_per_second").asDouble() > 1 && q.get("out_per_second").asDouble() > 1);
            assertThat(notify.get("in_per_second").asDouble()).isLessThan(100);
        } finally {
            traffic.shutdownNow();
        }
        JsonNode queues = json(get("/ops/api/queues", "Authorization", OPS).body());
        assertThat(queues.path("rates_unavailable").asText(null)).isNull();
        assertThat(queue(queues, WorkQueues.ROUTER).get("in_per_second").isNumber()).isTrue();
    }

    private static JsonNode queue(JsonNode queues, String name) {
        for (JsonNode queue : queues.get("items")) {
            if (queue.get("name").asText().equals(name)) {
                return queue;
            }
        }
        throw new AssertionError("no queue " + name + " in " + queues);
    }

    @Test
    void queuesShowDepthAndConsumers() {
        JsonNode queues = json(get("/ops/api/queues", "Authorization", OPS).body()).get("items");
        JsonNode router = null;
        for (JsonNode queue : queues) {
            if (queue.get("name").asText().equals(WorkQueues.ROUTER)) {
                router = queue;
            }
        }
        assertThat(router).isNotNull();
        assertThat(router.get("consumers").asLong()).isPositive();
        assertThat(queues.findValuesAsText("name")).contains("q.notify.retry.1", "q.outbound.vendor.parked",
                WorkQueues.UNROUTED, WorkQueues.LAST_RESORT);
    }

    @Test
    void theDrainListensToEveryParkingQueue() {
        assertThat(WorkQueues.drained()).hasSize(WorkQueues.ALL.size() + 2)
                .contains(WorkQueues.UNROUTED, WorkQueues.LAST_RESORT);
        for (String queue : WorkQueues.ALL) {
            assertThat(WorkQueues.drained()).contains(WorkQueues.parked(queue));
        }
        // the running drain consumes every one of them
        for (String queue : WorkQueues.drained()) {
            assertThat(rabbitAdmin.getQueueInfo(queue).getConsumerCount()).as(queue).isPositive();
        }
    }

    private JsonNode awaitLetter(String queue, String marker) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = json(get("/ops/api/dead-letters?queue=" + queue + "&size=200", "Authorization", OPS)
                    .body()).get("items");
            for (JsonNode item : items) {
                if (item.path("body").asText().contains(marker)) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
    }
}
