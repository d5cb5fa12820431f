package com.coachway.hub.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DeliveryIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Pushes to the charter, vendor and change systems, faked by WireMock: headers and body, the outcome table, the
 * circuit breaker through an outage (and its gauges, hence {@code @AutoConfigureObservability}: Spring Boot switches
 * metric export off in tests unless asked), subject ordering, the change loop and the dispatch recovery escalation.
 */
@AutoConfigureObservability
@TestPropertySource(properties = {"hub.deadletters.auto-startup=true", "hub.outbound.breaker.minimum-calls=2",
        "hub.outbound.breaker.window=4",
        "hub.outbound.breaker.open-for=PT1S", "hub.outbound.charter.auth-header=Bearer charter-secret",
        "hub.outbound.change.auth-header=X-Api-Key: change-secret", "hub.outbound.charter.read-timeout=PT3S"})
class OutboundPushTest extends DeliveryIntegrationTest {

    /** The vendor system lives on a port of its own, down until a test brings it up. */
    static final int VENDOR_PORT = freePort();
    static WireMockServer vendor;

    @Autowired
    OutboundCircuits circuits;

    @DynamicPropertySource
    static void destinations(DynamicPropertyRegistry registry) {
        registry.add("hub.outbound.charter.base-url", () -> PROVIDERS.baseUrl() + "/charter");
        registry.add("hub.outbound.change.base-url", () -> PROVIDERS.baseUrl() + "/change/");
        registry.add("hub.outbound.vendor.base-url", () -> "http://127.0.0.1:" + VENDOR_PORT);
        registry.add("hub.outbound.vendor.connect-timeout", () -> "PT0.5S");
    }

    @AfterAll
    static void stopVendor() {
        if (vendor != null) {
            vendor.stop();
        }
    }

    @Test
    void leadConvertedReachesTheCharterSystemWithItsHeadersAndBody() {
        charterAnswers(201);
        String id = "evt-" + UUID.randomUUID();

        assertThat(postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_1\",\"passengers\":48}")))
                .statusCode()).isEqualTo(202);

        LoggedRequest request = await().atMost(Duration.ofSeconds(20))
                .until(() -> requestsFor("/charter/events", id), r -> !r.isEmpty()).get(0);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(id);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer charter-secret");
        assertThat(request.getHeaders().keys()).doesNotContain("Upgrade", "HTTP2-Settings");
        JsonNode body = json(request.getBodyAsString());
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("type").asText()).isEqualTo("lead.converted");
        assertThat(body.get("source").asText()).isEqualTo("charter-service");
        assertThat(body.get("data").get("passengers").asInt()).isEqualTo(48);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(push("charter", id).get("status")));
    }

    @Test
    void aDestinationThatSpeaksHttp2InClearTextIsReachedWithoutAnUpgrade() {
        String id = "evt-" + UUID.randomUUID();
        // as Netty and reactor-netty servers answer an h2c upgrade carrying a body (Jetty and Helidon reset instead):
        // a 4xx, which would park every push to such a system for good
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).atPriority(1)
                .withHeader("Idempotency-Key", equalTo(id)).withHeader("Upgrade", equalTo("h2c"))
                .willReturn(aResponse().withStatus(413)));
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).atPriority(2)
                .withHeader("Idempotency-Key", equalTo(id)).willReturn(aResponse().withStatus(201)));

        assertThat(postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_2\"}"))).statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> push("charter", id).get("status"),
                status -> "delivered".equals(status) || "parked".equals(status));
        assertThat(push("charter", id).get("status")).isEqualTo("delivered");
        assertThat(requestsFor("/charter/events", id)).singleElement()
                .satisfies(request -> assertThat(request.containsHeader("Upgrade")).isFalse());
    }

    @Test
    void fiveHundredThenFiveOhThreeThenOkIsDeliveredWithThreeRequestsInAll() {
        String id = "evt-" + UUID.randomUUID();
        charterAnswersInTurn(id, aResponse().withStatus(500), aResponse().withStatus(503),
                aResponse().withStatus(200));

        postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_2\"}")));

        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(push("charter", id).get("status")));
        assertThat(requestsFor("/charter/events", id)).hasSize(3);
        Map<String, Object> push = push("charter", id);
        assertThat(push).containsEntry("attempts", 3).containsEntry("last_status", 200);
        assertThat(jdbc.sql("SELECT count(*) FROM dead_letters WHERE correlation_id = ?").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aFailedAttemptSaysWhichDestinationAnsweredWhatInTheWordsOfAParkedOne() {
        String id = "evt-" + UUID.randomUUID();
        // the second answer is held back until the test has read the first
        charterAnswersInTurn(id, aResponse().withStatus(500).withBody("{\"error\":\"database is down\"}"),
                aResponse().withStatus(200).withFixedDelay(1_500));

        postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_4\"}")));

        await().atMost(Duration.ofSeconds(20)).until(() -> push("charter", id).get("last_status"),
                status -> Integer.valueOf(500).equals(status));
        // as "HTTP 400 from charter: …" reads when parked at once: the destination's name, never a class of ours
        assertThat(push("charter", id).get("last_error"))
                .isEqualTo("HTTP 500 from charter: {\"error\":\"database is down\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(push("charter", id).get("status")));
    }

    @Test
    void aFourHundredIsParkedWithTheAnswerAndAReplayAfterTheFixIsDelivered() {
        String id = "evt-" + UUID.randomUUID();
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).withHeader("Idempotency-Key", equalTo(id))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"charter_id 186 unknown\"}")));

        postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_3\"}")));

        await().atMost(Duration.ofSeconds(20)).until(() -> "parked".equals(push("charter", id).get("status")));
        assertThat(requestsFor("/charter/events", id)).hasSize(1);
        assertThat(push("charter", id)).containsEntry("last_status", 400);
        // ops find it among the dead letters, with the answer
        JsonNode letter = await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode items = json(get("/ops/api/dead-letters?queue=q.outbound.charter&reason=HTTP%20400",
                    "Authorization", "Bearer " + OPS_KEY).body()).get("items");
            for (JsonNode item : items) {
                if (item.path("correlation_id").asText().equals(id)) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
        assertThat(letter.get("reason").asText())
                .isEqualTo("HTTP 400 from charter: {\"error\":\"charter_id 186 unknown\"}");
        assertThat(letter.get("kind").asText()).isEqualTo("permanent");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);

        // the charter system is fixed; ops replay the dead letter
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).atPriority(1)
                .withHeader("Idempotency-Key", equalTo(id)).willReturn(aResponse().withStatus(200)));
        HttpResponse<String> replay = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/replay",
                "application/json", "", "Authorization", "Bearer " + OPS_KEY);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(push("charter", id).get("status")));
        assertThat(requestsFor("/charter/events", id)).hasSize(2);
    }

    @Test
    void aLongTrickledAnswerIsReadOnlyAsFarAsItIsKept() {
        String id = "evt-" + UUID.randomUUID();
        // 4 MB of error page over a minute: the hub keeps its first 2,000 characters and waits for no more
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).withHeader("Idempotency-Key", equalTo(id))
                .willReturn(aResponse().withStatus(400).withBody("x".repeat(4_000_000))
                        .withChunkedDribbleDelay(400, 60_000)));

        postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_4\"}")));

        await().atMost(Duration.ofSeconds(8)).until(() -> "parked".equals(push("charter", id).get("status")));
        assertThat(push("charter", id)).containsEntry("last_status", 400);
        assertThat((String) push("charter", id).get("last_error")).startsWith("HTTP 400 from charter: xxxxx")
                .hasSizeLessThan(2100);
    }

    @Test
    void aTakenPushWhoseAnswerNeverEndsIsDeliveredOnceTheReadTimeoutHasPassed() {
        String id = "evt-" + UUID.randomUUID();
        // a 201 at once, then a short body over a minute: the status says it all
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).withHeader("Idempotency-Key", equalTo(id))
                .willReturn(aResponse().withStatus(201).withBody("y".repeat(600)).withChunkedDribbleDelay(60,
                        60_000)));

        postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_5\"}")));

        await().atMost(Duration.ofSeconds(8)).until(() -> "delivered".equals(push("charter", id).get("status")));
        assertThat(push("charter", id)).containsEntry("last_status", 201);
        assertThat(requestsFor("/charter/events", id)).hasSize(1);
    }

    @Test
    void opsReadWhatBecameOfAnEventsPushesWithTheDestinationsLastAnswer() {
        String id = "evt-" + UUID.randomUUID();
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).withHeader("Idempotency-Key", equalTo(id))
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"lead_9 unknown\"}")));

        postEvent(own(event(id, "lead.converted", "{\"lead_id\":\"lead_9\"}")));

        JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> pushes("?event_id=" + id),
                items -> items.size() == 1 && "parked".equals(items.get(0).get("status").asText())).get(0);
        assertThat(parked.get("destination").asText()).isEqualTo("charter");
        assertThat(parked.get("event_type").asText()).isEqualTo("lead.converted");
        assertThat(parked.get("attempts").asInt()).isEqualTo(1);
        assertThat(parked.get("last_status").asInt()).isEqualTo(422);
        assertThat(parked.get("last_error").asText()).contains("lead_9 unknown");
        assertThat(pushes("?destination=charter&status=parked").findValuesAsText("event_id")).contains(id);

        // ops give it up: it reads discarded, not parked as if still waiting for them, and keeps the answer
        JsonNode letter = await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode item : json(get("/ops/api/dead-letters?queue=q.outbound.charter", "Authorization",
                    "Bearer " + OPS_KEY).body()).get("items")) {
                if (item.path("correlation_id").asText().equals(id)) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
        HttpResponse<String> discarded = post("/ops/api/dead-letters/" + letter.get("id").asText() + "/discard",
                "application/json", "{\"reason\":\"lead_9 was merged into lead_8\"}", "Authorization",
                "Bearer " + OPS_KEY);
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        JsonNode given = pushes("?event_id=" + id).get(0);
        assertThat(given.get("status").asText()).isEqualTo("discarded");
        assertThat(given.get("last_status").asInt()).isEqualTo(422);
        assertThat(given.get("last_error").asText()).contains("lead_9 unknown");
        // who gave it up and why, where ops look for the push, as the dead letter's history has it
        JsonNode history = json(get("/ops/api/dead-letters/" + letter.get("id").asText(), "Authorization",
                "Bearer " + OPS_KEY).body()).get("history").get(0);
        assertThat(given.get("discarded").get("by").asText()).isNotBlank().isEqualTo(history.get("by").asText());
        assertThat(given.get("discarded").get("reason").asText()).isEqualTo("lead_9 was merged into lead_8");
        assertThat(given.get("discarded").get("dead_letter_id").asLong()).isEqualTo(letter.get("id").asLong());
        assertThat(Instant.parse(given.get("discarded").get("at").asText())).isAfter(Instant.now().minusSeconds(60));
        assertThat(parked.has("discarded")).as("not given up: no discarded").isFalse();
        assertThat(pushes("?destination=charter&status=discarded").findValuesAsText("event_id")).contains(id);
        assertThat(pushes("?destination=charter&status=parked").findValuesAsText("event_id")).doesNotContain(id);

        HttpResponse<String> unreadable = get("/api/v1/pushes?destination=fax&status=lost", "Authorization",
                "Bearer " + OPS_KEY);
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(json(unreadable.body()).get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("destination", "status");
        assertThat(get("/api/v1/pushes", "Authorization", "Bearer " + CHARTER_KEY).statusCode()).isEqualTo(403);
    }

    private JsonNode pushes(String query) {
        HttpResponse<String> response = get("/api/v1/pushes" + query, "Authorization", "Bearer " + OPS_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("items");
    }

    @Test
    void whileTheVendorIsDownTheCircuitOpensNothingIsParkedAndAllArriveOnceItIsBack() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(bidRequested());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> circuit("vendor").equals("OPEN"));
        for (int i = 0; i < 5; i++) {
            ids.add(bidRequested());
        }
        // the consumer is suspended: the work waits in the queue, none of it parked
        await().atMost(Duration.ofSeconds(20)).until(() -> depth(WorkQueues.OUTBOUND_VENDOR) >= 5);
        assertThat(deadLetters(WorkQueues.OUTBOUND_VENDOR)).isZero();
        assertThat(ids).allSatisfy(id -> assertThat(push("vendor", id).get("status")).isEqualTo("pending"));
        // ops see each waiting push, untried, and why it waits (the circuit tries again every second, half-open
        // for the moment of that try, when nothing is said)
        JsonNode waiting = await().atMost(Duration.ofSeconds(10))
                .until(() -> pushes("?event_id=" + ids.get(ids.size() - 1)), found -> found.size() == 1
                        && found.get(0).path("waiting").asText().startsWith("the circuit of vendor is open"));
        assertThat(waiting.get(0).get("status").asText()).isEqualTo("pending");
        assertThat(waiting.get(0).get("attempts").asInt()).isZero();
        // the ops overview says it first: the vendor is not answering, what the last push got, how many wait
        JsonNode stalled = await().atMost(Duration.ofSeconds(10))
                .until(() -> json(get("/ops/api/overview", "Authorization", "Bearer " + OPS_KEY).body())
                        .get("downstream"),
                        found -> found.size() == 1 && !"trial".equals(found.get(0).get("why")
                                .asText()));
        assertThat(stalled.get(0).get("destination").asText()).isEqualTo("vendor");
        assertThat(stalled.get(0).get("why").asText()).isEqualTo("not_answering");
        assertThat(stalled.get(0).get("waiting").asLong()).isGreaterThanOrEqualTo(ids.size());
        assertThat(stalled.get(0).get("detail").asText())
                .isEqualTo("could not connect to 127.0.0.1:" + VENDOR_PORT + " (refused or unreachable)");
        assertThat(stalled.get(0).hasNonNull("since")).isTrue();
        assertThat(stalled.get(0).get("trial_every").asLong()).isEqualTo(1);
        // and Prometheus, for an alert (the circuit is half-open for the moment of each trial)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gauge("hub_outbound_circuit_open", "destination=\"vendor\"") == 1);
        assertThat(gauge("hub_outbound_pushes_waiting", "destination=\"vendor\"")).isGreaterThanOrEqualTo(ids.size());
        assertThat(gauge("hub_outbound_circuit_open", "destination=\"charter\"")).isZero();

        vendor = new WireMockServer(WireMockConfiguration.options().port(VENDOR_PORT));
        vendor.start();
        vendor.stubFor(WireMock.post(urlEqualTo("/events")).willReturn(aResponse().withStatus(202)));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> ids.stream().allMatch(id -> "delivered".equals(push("vendor", id).get("status"))));
        List<LoggedRequest> received = vendor.findAll(postRequestedFor(urlEqualTo("/events")));
        // every push arrived, each Idempotency-Key exactly once (nothing was lost in the at-least-once window)
        assertThat(received.stream().map(r -> r.getHeader("Idempotency-Key")).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(deadLetters(WorkQueues.OUTBOUND_VENDOR)).isZero();
        assertThat(circuit("vendor")).isEqualTo("CLOSED");
        assertThat(json(get("/ops/api/overview", "Authorization", "Bearer " + OPS_KEY).body()).get("downstream"))
                .isEmpty();
        assertThat(gauge("hub_outbound_circuit_open", "destination=\"vendor\"")).isZero();
        assertThat(gauge("hub_outbound_pushes_waiting", "destination=\"vendor\"")).isZero();
    }

    @Test
    void theVendorHearsOfAConfirmedCharterBeingRescheduledAndThenCancelledInThatOrder() {
        boolean started = vendor == null;
        if (started) {
            vendor = new WireMockServer(WireMockConfiguration.options().port(VENDOR_PORT));
            vendor.start();
        }
        try {
            vendor.stubFor(WireMock.post(urlEqualTo("/events")).willReturn(aResponse().withStatus(202)));
            String subject = "charter/" + UUID.randomUUID();
            List<String> ids = new ArrayList<>();
            String[][] life = {{"charter.confirmed", "10:00"}, {"charter.rescheduled", "10:05"},
                    {"charter.cancelled", "10:10"}};
            // days apart in life: each is pushed before the next one happens (one that overtook an older one of
            // its subject would supersede it, as pushesOfOneSubject… shows)
            for (String[] step : life) {
                String id = "evt-" + UUID.randomUUID();
                ids.add(id);
                assertThat(postEvent(event(id, step[0], clientData()).replace("charter/186", subject)
                        .replace("2026-03-01T10:00:00Z", "2026-03-01T" + step[1] + ":00Z")).statusCode())
                        .isEqualTo(202);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> "delivered".equals(push("vendor", id).get("status")));
            }

            List<String> received = vendor.findAll(postRequestedFor(urlEqualTo("/events"))).stream()
                    .map(r -> r.getHeader("Idempotency-Key")).filter(ids::contains).toList();
            assertThat(received).containsExactlyElementsOf(ids);
            assertThat(vendor.findAll(postRequestedFor(urlEqualTo("/events"))
                    .withHeader("Idempotency-Key", equalTo(ids.get(2)))).get(0).getBodyAsString())
                    .contains("\"type\":\"charter.cancelled\"", "\"subject\":\"" + subject + "\"");
        } finally {
            if (started) { // the circuit test wants the vendor down when it begins
                vendor.stop();
                vendor = null;
            }
        }
    }

    @Test
    void pushesOfOneSubjectNeverArriveInReverseOrderOfTheirTime() {
        String subject = "charter/" + UUID.randomUUID();
        String older = "evt-old-" + UUID.randomUUID();
        String newer = "evt-new-" + UUID.randomUUID();
        String stale = "evt-stale-" + UUID.randomUUID();
        charterAnswers(200);
        // the older event fails once; the newer one must wait for it
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).withHeader("Idempotency-Key", equalTo(older))
                .inScenario(older).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).withHeader("Idempotency-Key", equalTo(older))
                .inScenario(older).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

        postEvent(timed(older, subject, "2026-03-01T10:00:00Z"));
        postEvent(timed(newer, subject, "2026-03-01T10:05:00Z"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(push("charter", newer).get("status")));
        List<String> order = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/charter/events"))).stream()
                .map(r -> r.getHeader("Idempotency-Key"))
                .filter(key -> key.equals(older) || key.equals(newer))
                .toList();
        assertThat(order).containsExactly(older, older, newer);

        // an event older than one already delivered is not sent at all
        postEvent(timed(stale, subject, "2026-03-01T09:00:00Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "superseded".equals(push("charter", stale).get("status")));
        assertThat(requestsFor("/charter/events", stale)).isEmpty();
    }

    @Test
    void aTerminalChangeCaseNotificationIsPushedToTheChangeSystem() {
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/change/events")).willReturn(aResponse().withStatus(201)));
        String id = "evt-" + UUID.randomUUID();

        // a client without an email who texted STOP: the notification ends blocked at once, a terminal state
        assertThat(textFrom("+15555550111", "STOP").statusCode()).isEqualTo(200);
        postEvent(event(id, "change.case.approved",
                "{\"case_number\":\"CHG-77\",\"client\":{\"name\":\"Ana Ruiz\",\"phone\":\"+15555550111\"},"
                        + "\"affects_vendor\":false}"));

        JsonNode status = await().atMost(Duration.ofSeconds(20)).until(() -> PROVIDERS
                .findAll(postRequestedFor(urlEqualTo("/change/events"))).stream()
                .map(r -> json(r.getBodyAsString()))
                .filter(e -> e.get("type").asText().equals("notification.status"))
                .filter(e -> e.get("data").path("caused_by").path("id").asText().equals(id))
                .findFirst().orElse(null), e -> e != null);
        JsonNode data = status.get("data");
        assertThat(data.get("case_number").asText()).isEqualTo("CHG-77");
        assertThat(data.get("case_id").asText()).isEqualTo("CHG-77");
        assertThat(data.get("status").asText()).isEqualTo("blocked");
        assertThat(data.get("reason").asText()).isEqualTo("opted_out");
        assertThat(data.get("recipient").get("name").asText()).isEqualTo("Ana Ruiz");
        assertThat(data.get("status_at").asText()).isNotBlank();
        // the change system hears the case event itself too, with its own auth header
        LoggedRequest caseEvent = await().atMost(Duration.ofSeconds(10))
                .until(() -> requestsFor("/change/events", id), r -> !r.isEmpty()).get(0);
        assertThat(caseEvent.getHeader("X-Api-Key")).isEqualTo("change-secret");
    }

    @Test
    void aStatusPushIsAccountedForFromTheMomentItIsQueued() {
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/change/events")).willReturn(aResponse().withStatus(201)));
        // ops hold the change system's pushes (its circuit forced open): both pushes of a case wait, and show
        circuits.breaker("change").transitionToForcedOpenState();
        try {
            String id = "evt-" + UUID.randomUUID();
            assertThat(textFrom("+15555550112", "STOP").statusCode()).isEqualTo(200);
            postEvent(event(id, "change.case.approved",
                    "{\"case_number\":\"CHG-78\",\"client\":{\"name\":\"Ana Ruiz\",\"phone\":\"+15555550112\"}}"));
            String notification = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                    "SELECT id FROM notifications WHERE event_id = ? AND status = 'blocked'").param(id)
                    .query(String.class).optional().orElse(null), n -> n != null);
            JsonNode status = await().atMost(Duration.ofSeconds(10))
                    .until(() -> pushes("?destination=change&status=pending"), items -> items.findValuesAsText(
                            "event_id").contains(notification + "/status/blocked"));
            JsonNode waiting = java.util.stream.StreamSupport.stream(status.spliterator(), false)
                    .filter(p -> p.get("event_id").asText().equals(notification + "/status/blocked")).findFirst()
                    .orElseThrow();
            assertThat(waiting.get("event_type").asText()).isEqualTo("notification.status");
            assertThat(waiting.get("attempts").asInt()).isZero();
            assertThat(waiting.get("waiting").asText()).startsWith("the circuit of change is open");
            assertThat(pushes("?event_id=" + id).get(0).get("status").asText()).isEqualTo("pending");
        } finally {
            circuits.breaker("change").transitionToClosedState();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pushes("?destination=change&status=pending").isEmpty());
    }

    @Test
    void threeContactAttemptsEscalateOnceToTheManagerAndTheCharterSystem() throws Exception {
        twilioAccepts();
        charterAnswers(200);
        String recovery = "rec-" + UUID.randomUUID().toString().substring(0, 8);
        String driver = uniquePhone();
        String manager = uniquePhone();
        String managerEmail = uniqueEmail();

        String third = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            String event = contactAttempt(recovery, attempt, driver, manager, managerEmail);
            assertThat(postEvent(event).statusCode()).isEqualTo(202);
            third = json(event).get("id").asText();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> smsTo(manager) == 1 && smsTo(driver) == 3
                && MAIL.getReceivedMessagesForDomain(managerEmail.substring(managerEmail.indexOf('@') + 1)).length >= 1
                && !escalationPushes(recovery).isEmpty());

        // tracing the third attempt leads on to the escalation it raised, whose notifications are the manager's
        String raised = "dispatch.recovery.escalated/charter-service/" + recovery;
        JsonNode cause = json(get("/api/v1/events?id=" + third, "Authorization", "Bearer " + OPS_KEY).body())
                .at("/items/0");
        assertThat(cause.get("reason").asText()).isEqualTo("rules: recovery-contact-attempted; raises " + raised
                + " (source coachway-hub, once per occasion)");
        assertThat(cause.get("raised").toString())
                .isEqualTo("[{\"source\":\"coachway-hub\",\"id\":\"" + raised + "\"}]");
        // and back: the escalation names the attempt that raised it
        assertThat(json(get("/api/v1/events?source=coachway-hub&id=" + raised, "Authorization", "Bearer " + OPS_KEY)
                .body()).at("/items/0/raised_by").toString())
                .isEqualTo("{\"source\":\"charter-service\",\"id\":\"" + third + "\"}");
        assertThat(json(get("/api/v1/notifications?event_id=" + raised, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items").findValuesAsText("template")).containsOnly("recovery_escalated").hasSize(2);

        // the third attempt sent again (a new event, same recovery): the driver is texted, nobody else again
        assertThat(postEvent(contactAttempt(recovery, 3, driver, manager, managerEmail)).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(driver) == 4);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM events WHERE type = 'dispatch.recovery.escalated' AND source = 'coachway-hub'
                  AND event_id LIKE ?""").param("%/" + recovery).query(Long.class).single()).isEqualTo(1);
        assertThat(smsTo(manager)).isEqualTo(1);
        assertThat(escalationPushes(recovery)).hasSize(1);
        JsonNode escalation = json(escalationPushes(recovery).get(0).getBodyAsString());
        assertThat(escalation.get("data").get("attempts").asInt()).isEqualTo(3);
        assertThat(escalation.get("data").get("raised_by").get("type").asText())
                .isEqualTo("dispatch.recovery.contact_attempted");

        // the dispatch service escalates the same recovery too: told once already, the manager hears nothing more
        String upstream = escalated(recovery, manager, managerEmail);
        assertThat(postEvent(upstream).statusCode()).isEqualTo(202);
        String upstreamId = json(upstream).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service",
                upstreamId)));
        assertThat(json(get("/api/v1/events?id=" + upstreamId, "Authorization", "Bearer " + OPS_KEY).body())
                .at("/items/0/reason").asText()).startsWith("rules: recovery-escalated; tells nobody twice: the hub"
                        + " raised " + raised + " for the same occasion, and it told the same recipients");
        assertThat(json(get("/api/v1/notifications?event_id=" + upstreamId, "Authorization", "Bearer " + OPS_KEY)
                .body()).get("items")).isEmpty();
        assertThat(smsTo(manager)).isEqualTo(1);

        // but a manager the hub's escalation did not reach is told
        String other = uniquePhone();
        String toOther = escalated(recovery, other, uniqueEmail());
        assertThat(postEvent(toOther).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(other) == 1);
        assertThat(smsTo(manager)).isEqualTo(1);
    }

    @Test
    void anEscalationTheDispatchServiceSentFirstIsNotRaisedAgainAtTheThirdAttempt() {
        twilioAccepts();
        charterAnswers(200);
        String recovery = "rec-" + UUID.randomUUID().toString().substring(0, 8);
        String driver = uniquePhone();
        String manager = uniquePhone();
        String managerEmail = uniqueEmail();
        assertThat(postEvent(escalated(recovery, manager, managerEmail)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(manager) == 1);

        String third = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            String event = contactAttempt(recovery, attempt, driver, manager, managerEmail);
            assertThat(postEvent(event).statusCode()).isEqualTo(202);
            third = json(event).get("id").asText();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(driver) == 3);
        String last = third;
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", last)));
        assertThat(json(get("/api/v1/events?id=" + third, "Authorization", "Bearer " + OPS_KEY).body())
                .at("/items/0/reason").asText()).startsWith("rules: recovery-contact-attempted; raises nothing:"
                        + " charter-service sent dispatch.recovery.escalated evt-");
        assertThat(jdbc.sql("""
                SELECT count(*) FROM events WHERE type = 'dispatch.recovery.escalated' AND source = 'coachway-hub'
                  AND event_id LIKE ?""").param("%/" + recovery).query(Long.class).single()).isZero();
        assertThat(smsTo(manager)).isEqualTo(1);
    }

    private String escalated(String recovery, String manager, String email) {
        return event("evt-" + UUID.randomUUID(), "dispatch.recovery.escalated", """
                {"recovery_id":"%s","charter_id":186,"attempts":3,
                 "manager":{"name":"Priya Shah","phone":"%s","email":"%s"},"reason":"driver not answering"}"""
                .formatted(recovery, manager, email)).replace("charter/186", "recovery/" + recovery);
    }

    private String contactAttempt(String recovery, int attempt, String driver, String manager, String email) {
        return event("evt-" + UUID.randomUUID(), "dispatch.recovery.contact_attempted",
                """
                        {"recovery_id":"%s","charter_id":186,"attempts":%d,
                         "driver":{"name":"Dave Moreno","phone":"%s"},
                         "manager":{"name":"Priya Shah","phone":"%s","email":"%s"},
                         "dispatch_phone":"+1 555 555 0100"}""".formatted(recovery, attempt, driver,
                        manager, email))
                .replace("charter/186", "recovery/" + recovery);
    }

    private long smsTo(String phone) {
        return twilioRequests().stream().filter(r -> r.getBodyAsString().contains(
                "To=" + phone.replace("+", "%2B"))).count();
    }

    private List<LoggedRequest> escalationPushes(String recovery) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo("/charter/events"))).stream()
                .filter(r -> r.getHeader("Idempotency-Key").endsWith("/" + recovery))
                .toList();
    }

    private String bidRequested() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "vendor.bid.requested",
                "{\"bid_id\":\"B-1\",\"charter_id\":186,\"vendor\":{\"name\":\"Blue Coaches\","
                        + "\"email\":\"bids@bluecoaches.example\"}}")
                .replace("charter/186", "bid/" + id))
                .statusCode()).isEqualTo(202);
        return id;
    }

    // a subject of its own: pushes of one subject are ordered, and tests must not order each other
    private static String own(String event) {
        return event.replace("charter/186", "charter/" + UUID.randomUUID());
    }

    private static String timed(String id, String subject, String time) {
        return event(id, "lead.converted", "{\"lead_id\":\"lead_x\"}").replace("2026-03-01T10:00:00Z", time)
                .replace("charter/186", subject);
    }

    private static void charterAnswers(int status) {
        PROVIDERS.stubFor(WireMock.post(urlEqualTo("/charter/events")).atPriority(10)
                .willReturn(aResponse().withStatus(status)));
    }

    private static List<LoggedRequest> requestsFor(String path, String key) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo(path)).withHeader("Idempotency-Key", equalTo(key)));
    }

    /** The charter system answers the pushes of event {@code id} with each answer in turn, the last from then on. */
    private static void charterAnswersInTurn(String id, ResponseDefinitionBuilder... answers) {
        for (int turn = 0; turn < answers.length; turn++) {
            ScenarioMappingBuilder stub = WireMock.post(urlEqualTo("/charter/events"))
                    .withHeader("Idempotency-Key", equalTo(id)).inScenario("turns-" + id)
                    .whenScenarioStateIs(turn == 0 ? Scenario.STARTED : "turn-" + turn).willReturn(answers[turn]);
            PROVIDERS.stubFor(turn + 1 < answers.length ? stub.willSetStateTo("turn-" + (turn + 1)) : stub);
        }
    }

    private Map<String, Object> push(String destination, String eventId) {
        return jdbc.sql("SELECT * FROM outbound_pushes WHERE destination = ? AND event_id = ?")
                .params(destination, eventId)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElse(Map.of());
    }

    private long deadLetters(String queue) {
        return jdbc.sql("SELECT count(*) FROM dead_letters WHERE queue = ?").param(queue).query(Long.class).single();
    }

    private String circuit(String destination) {
        JsonNode health = json(get("/actuator/health", "Authorization", "Bearer " + OPS_KEY).body());
        return health.path("components").path("outbound").path("details").path(destination).asText();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
