package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;

/**
 * Two instances share the pending sends (API.md §2b): each of 200 fires exactly once, and a cancel that races the
 * hand-over wins or loses whole: a send ends cancelled with nothing sent, or sent once, never both.
 */
@TestPropertySource(properties = {"hub.rate.sms=1000", "hub.schedules.due-sends-interval=300"})
class WorkflowClusterTest extends DeliveryIntegrationTest {

    static final int SENDS = 200;
    static final String RULE = """

              - id: drill-race
                match: "ops.race.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms], delay: PT4S,
                             cancel_on: [ops.stop.race]}
            """;
    static final Path ROUTING = shippedRulesAnd(RULE);

    private static ConfigurableApplicationContext second;

    @DynamicPropertySource
    static void routing(DynamicPropertyRegistry registry) {
        registry.add("hub.routing.file", ROUTING::toString);
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void everyPendingSendFiresOnceAcrossTwoInstancesAndACancelNeverLetsOneThrough() {
        twilioAccepts();
        smsTemplate("drill_notice", "Drill today");
        second = anotherHub("--hub.routing.file=" + ROUTING, "--hub.schedules.due-sends-interval=300",
                "--hub.rate.sms=1000", "--hub.retry.delays=PT0.3S,PT0.6S,PT0.9S");
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < SENDS; i++) {
            post(i, "ops.race.fire", run);
        }
        // every other one is called off, newest first: the newest long before their time, the oldest while it comes
        // due (however slowly the machine posts, both happen)
        for (int i = SENDS - 2; i >= 0; i -= 2) {
            post(i, "ops.stop.race", run);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.sql("SELECT status, count(*) FROM notifications WHERE event_id LIKE ? GROUP BY 1")
                        .param(run + "-%").query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list(),
                        counts -> counts.stream().filter(c -> c.getKey().equals("sent") || c.getKey().equals(
                                "cancelled")).mapToLong(Map.Entry::getValue).sum() == SENDS);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true); // late sends
        Map<String, String> statusByPhone = jdbc.sql("SELECT phone, status FROM notifications WHERE event_id LIKE ?")
                .param(run + "-%").query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, Long> sends = twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()).get("To"))
                .filter(statusByPhone::containsKey)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        System.out.printf("RACE %d pending sends on two instances: %d sent, %d cancelled, %d Twilio requests%n", SENDS,
                statusByPhone.values().stream().filter("sent"::equals).count(),
                statusByPhone.values().stream().filter("cancelled"::equals).count(),
                sends.values().stream().mapToLong(Long::longValue).sum());
        assertThat(statusByPhone).hasSize(SENDS);
        statusByPhone.forEach((phone, status) -> assertThat(sends.getOrDefault(phone, 0L)).as(phone + " " + status)
                .isEqualTo("sent".equals(status) ? 1L : 0L));
        List<Integer> odd = List.of(1, 3, SENDS - 1);
        odd.forEach(i -> assertThat(statusByPhone.get(phone(i))).isEqualTo("sent"));
        assertThat(statusByPhone.values()).contains("cancelled");
    }

    private void post(int i, String type, String run) {
        String id = run + "-" + i + ("ops.stop.race".equals(type) ? "-off" : "");
        assertThat(postEvent("""
                {"specversion":"1.0","id":"%s","source":"charter-service","type":"%s","subject":"race/%s/%d",
                 "data":{"client":{"name":"Ana","phone":"%s"}}}""".formatted(id, type, run, i, phone(i)))
                .statusCode()).isEqualTo(202);
    }

    private static String phone(int i) {
        return "+1555%07d".formatted(5_000_000 + i);
    }

}
