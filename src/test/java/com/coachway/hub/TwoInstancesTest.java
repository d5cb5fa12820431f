package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.HubProcess;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Two instances on one database and broker, the second a JVM of its own, so it can be killed as an operator's
 * {@code kill -9} or a crashed host kills it: events posted to both front doors are delivered by both, the clustered
 * due-sends job hands each scheduled send over once, and when the second dies with work in hand the first finishes
 * everything, each number texted once; a password guesser held back at one is held back at the other. (That the pair shares one rate limit is ClusterRateLimitTest's, and that
 * workflow timers fire once across two instances WorkflowClusterTest's.)
 */
@TestPropertySource(properties = {"hub.rate.sms=100000", "hub.delivery.consumers=2"})
class TwoInstancesTest extends DeliveryIntegrationTest {

    static final int EVENTS = 300;
    static final int SCHEDULED = 30;
    static final int FIRST_PHONE = 4_100_000;
    static final int FIRST_SCHEDULED_PHONE = 4_200_000;

    @Autowired
    MeterRegistry meters;

    private HubProcess second;

    @AfterEach
    void killSecond() throws InterruptedException {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void theLoadSplitsAndTheSurvivorFinishesWhatAKilledInstanceHeld() throws Exception {
        // a Twilio that takes 100 ms to answer, so the load is still being delivered when the second instance dies
        PROVIDERS.stubFor(twilio().willReturn(twilioTakes().withFixedDelay(100)));
        List<String> settings = new ArrayList<>(List.of("--hub.rate.sms=100000", "--hub.delivery.consumers=2",
                "--hub.schedules.due-sends-interval=500"));
        settings.addAll(hubArguments());
        second = HubProcess.start("second", settings);
        URI secondBase = second.base();
        second.awaitHealthy(Duration.ofSeconds(120));

        // password guesses count for the pair: five wrong at the first, and the second holds the sixth back too
        String guess = "Basic " + java.util.Base64.getEncoder().encodeToString("mallory:guess".getBytes(
                StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/v1/notifications", "Authorization", guess).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> held = send(HttpRequest.newBuilder(secondBase.resolve("/api/v1/notifications"))
                .header("Authorization", guess).GET().build());
        assertThat(held.statusCode()).as(held.body()).isEqualTo(429);

        // sends due in a few seconds, half asked of each instance: the due-sends job (clustered Quartz) hands each
        // over once, whichever instance it fires on. Due late enough that all 30 are accepted before it on a busy
        // machine: one accepted after its time is sent at once, with no hand-over to count
        Instant due = Instant.now().plusSeconds(15);
        for (int i = 0; i < SCHEDULED; i++) {
            String body = """
                    {"template":"trip_reminder","channels":["sms"],"category":"reminders","send_at":"%s",
                     "to":{"name":"Ana","phone":"+1555%07d"},"data":{"charter_id":%d,"trip":{"date":"2026-06-12",
                     "pickup_time":"08:30","pickup":"Boston"},"driver":{"name":"Dave","phone":"+1 555 555 0188"}}}"""
                    .formatted(due, FIRST_SCHEDULED_PHONE + i, i);
            URI base = i % 2 == 0 ? uri("/") : secondBase;
            assertThat(postJson(base.resolve("/api/v1/notifications"), "application/json", body)).isEqualTo(202);
        }

        // the load, through both front doors, 16 clients at once
        String run = "two-" + System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            int n = i;
            URI base = n % 2 == 0 ? uri("/") : secondBase;
            statuses.add(clients.submit(() -> postJson(base.resolve("/api/v1/events"),
                    "application/cloudevents+json", event(run + "-" + n, "trip.reminder", """
                            {"charter_id":%d,"trip":{"date":"%s","pickup_time":"08:30","pickup":"Boston"},
                             "driver":{"name":"Dave","phone":"+1 555 555 0188"},
                             "client":{"name":"Ana","phone":"+1555%07d"}}""".formatted(n, TRIP_DATE,
                            FIRST_PHONE + n)))));
        }
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(202);
        }
        clients.shutdown();

        // both deliver; the second is killed with work in hand (its unacknowledged messages go back to the queues)
        await().atMost(Duration.ofSeconds(60)).until(() -> sentBySecond(secondBase) >= 20 && sentHere() >= 20);
        double secondSent = sentBySecond(secondBase);
        double hereBeforeKill = sentHere();
        second.kill();
        int settledWhenKilled = settled(run);

        await().atMost(Duration.ofSeconds(90)).until(() -> settled(run) == EVENTS && settledScheduled() == SCHEDULED);
        Map<String, Integer> texts = textsByNumber();
        List<String> twice = texts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        System.out.printf("RESULT two instances: before the kill this one sent %.0f, the other %.0f; %d of %d events "
                + "settled at the kill; after it this one sent %.0f more; texted twice: %s%n", hereBeforeKill,
                secondSent, settledWhenKilled, EVENTS, sentHere() - hereBeforeKill, twice);

        assertThat(settledWhenKilled).as("the kill came while there was work left").isLessThan(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(texts.getOrDefault("+1555" + String.format("%07d", FIRST_PHONE + i), 0))
                    .as("texts to event %d's number", i).isEqualTo(1);
        }
        for (int i = 0; i < SCHEDULED; i++) {
            assertThat(texts.getOrDefault("+1555" + String.format("%07d", FIRST_SCHEDULED_PHONE + i), 0))
                    .as("texts to scheduled send %d's number", i).isEqualTo(1);
        }
        assertThat(jdbc.sql("""
                SELECT count(*) FROM notification_events e JOIN notifications n ON n.id = e.notification_id
                WHERE n.phone LIKE '+155542%' AND e.detail = 'send time reached'
                """).query(Long.class).single()).as("due-sends hand-overs").isEqualTo(SCHEDULED);
    }

    private static int postJson(URI uri, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + CHARTER_KEY).POST(HttpRequest.BodyPublishers.ofString(body))
                .build()).statusCode();
    }

    /** SMS this instance handed to Twilio, from its own meter. */
    private double sentHere() {
        return meters.find("hub.delivery.sent").tag("channel", "sms").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    /** SMS the second instance handed to Twilio, from its Prometheus endpoint. */
    private static double sentBySecond(URI base) {
        String metrics = send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
                .header("Authorization", "Bearer " + OPS_KEY)
                .build()).body();
        return metrics.lines().filter(line -> line.startsWith("hub_delivery_sent_total{") && line.contains("sms"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private int settled(String run) {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE event_id LIKE :run AND status = 'sent'")
                .param("run", run + "-%").query(Integer.class).single();
    }

    private int settledScheduled() {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE phone LIKE '+155542%' AND status = 'sent'")
                .query(Integer.class).single();
    }

    /** How many times Twilio was asked to text each number. */
    private static Map<String, Integer> textsByNumber() {
        Map<String, Integer> texts = new HashMap<>();
        for (LoggedRequest request : twilioRequests()) {
            for (String pair : request.getBodyAsString().split("&")) {
                if (pair.startsWith("To=")) {
                    texts.merge(URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8), 1,
                            Integer::sum);
                }
            }
        }
        return texts;
    }
}
