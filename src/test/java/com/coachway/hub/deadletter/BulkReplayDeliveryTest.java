package com.coachway.hub.deadletter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Twilio is down long enough for a burst of reminders to park; once it is back, ops replay them all by a filter
 * (API.md §10): the dry run counts them and touches nothing, the replay sends each one once, and each
 * notification's timeline shows the attempt that failed and the one that was sent.
 */
@TestPropertySource(properties = {"hub.rate.sms=1000", "hub.delivery.consumers=4", "hub.notify.consumers=4",
        "hub.router.consumers=4", "hub.retry.delays=PT0.2S", "hub.deadletters.auto-startup=true"})
class BulkReplayDeliveryTest extends DeliveryIntegrationTest {

    static final int MESSAGES = 500;
    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());

    @Test
    void fiveHundredParkedSmsAreCountedByADryRunThenEachDeliveredOnceWithBothAttemptsOnItsTimeline()
            throws Exception {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(503)));
        String run = UUID.randomUUID().toString().substring(0, 8);
        postTripReminders(run, MESSAGES, 6_000_000);
        String filter = "{\"queue\":\"q.deliver.sms\",\"reason\":\"HTTP 503\"}";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> matched(filter) == MESSAGES);

        // the console's overview groups them under one queue and reason, with the provider's code on each letter
        JsonNode overview = json(get("/ops/api/overview", "Authorization", OPS).body());
        assertThat(overview.get("parked").asInt()).isEqualTo(MESSAGES);
        assertThat(overview.get("groups")).hasSize(1);
        assertThat(overview.get("groups").get(0).get("queue").asText()).isEqualTo("q.deliver.sms");
        assertThat(overview.get("groups").get(0).get("count").asInt()).isEqualTo(MESSAGES);
        assertThat(overview.get("notifications").findValuesAsText("status")).contains("parked");
        assertThat(json(get("/ops/api/dead-letters?size=1", "Authorization", OPS).body()).get("items").get(0)
                .get("provider_code").asText()).isEqualTo("HTTP 503");

        // the cause is fixed; the dry run counts what the replay will take, and sends nothing
        twilioAccepts();
        PROVIDERS.resetRequests();
        assertThat(matched(filter)).isEqualTo(MESSAGES);
        assertThat(twilioRequests()).isEmpty();
        assertThat(parkedNotifications(run)).isEqualTo(MESSAGES);

        HttpResponse<String> replay = post("/ops/api/dead-letters/replay", "application/json",
                "{\"filter\":" + filter + ",\"dry_run\":false}", "Authorization", OPS);

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        JsonNode done = json(replay.body());
        assertThat(done.get("replayed").asInt()).isEqualTo(MESSAGES);
        assertThat(done.get("refused")).isEmpty();
        assertThat(done.get("remaining").asInt()).isZero();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.sql("SELECT count(*) FROM notifications WHERE status = 'sent' AND event_id LIKE ?")
                        .param(run + "-%").query(Integer.class).single() == MESSAGES);
        Map<String, Long> perRecipient = twilioRequests().stream()
                .map(r -> Forms.parse(r.getBodyAsString()).get("To"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perRecipient).hasSize(MESSAGES);
        assertThat(perRecipient.values()).allMatch(sends -> sends == 1);
        assertThat(matched(filter)).isZero();

        String someone = jdbc.sql("SELECT id FROM notifications WHERE event_id = ?").param(run + "-7")
                .query(String.class).single();
        JsonNode notification = awaitStatus(someone, "sent");
        List<String> timeline = new ArrayList<>();
        notification.get("events").forEach(e -> timeline.add(e.get("status").asText() + ": "
                + e.path("detail").asText()));
        assertThat(timeline).anyMatch(e -> e.startsWith("queued: attempt failed: twilio HTTP 503"))
                .anyMatch(e -> e.startsWith("parked: "))
                .anyMatch(e -> e.equals("queued: replayed from the dead letters by ops"))
                .anyMatch(e -> e.startsWith("sent"));
        assertThat(timeline.indexOf(timeline.stream().filter(e -> e.startsWith("parked: ")).findFirst().orElseThrow()))
                .isLessThan(timeline.indexOf("queued: replayed from the dead letters by ops"));
        assertThat(notification.get("attempts").asInt()).isEqualTo(3);
    }

    private long matched(String filter) {
        HttpResponse<String> dryRun = post("/ops/api/dead-letters/replay", "application/json",
                "{\"filter\":" + filter + ",\"dry_run\":true}", "Authorization", OPS);
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        return json(dryRun.body()).get("matched").asLong();
    }

    private int parkedNotifications(String run) {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE status = 'parked' AND event_id LIKE ?")
                .param(run + "-%").query(Integer.class).single();
    }
}
