package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;

/**
 * A send pending while no hub runs its timers is kept in PostgreSQL and fires once when a hub starts again
 * (API.md §2b): here the test's own hub has its clustered scheduler on standby, as if stopped, and a freshly
 * started instance on the same database is the restart.
 */
class WorkflowRestartTest extends DeliveryIntegrationTest {

    static final String RULE = """

              - id: drill-restart
                match: "ops.restart.*"
                actions:
                  - notify: {template: drill_notice, to: client, channels: [sms], delay: PT1S}
            """;
    static final Path ROUTING = shippedRulesAnd(RULE);

    @Autowired
    private Scheduler quartz;

    private ConfigurableApplicationContext restarted;

    @DynamicPropertySource
    static void routing(DynamicPropertyRegistry registry) {
        registry.add("hub.routing.file", ROUTING::toString);
    }

    @AfterEach
    void stop() throws Exception {
        if (restarted != null) {
            restarted.close();
        }
        quartz.start();
    }

    @Test
    void aSendDueWhileNoHubRunsFiresOnceAfterTheRestart() throws Exception {
        twilioAccepts();
        smsTemplate("drill_notice", "Drill today");
        quartz.standby(); // the timers stop, as when the hub is down
        String phone = uniquePhone();
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent("""
                {"specversion":"1.0","id":"%s","source":"charter-service","type":"ops.restart.fire","subject":"r/1",
                 "data":{"client":{"name":"Ana","phone":"%s"}}}""".formatted(id, phone)).statusCode()).isEqualTo(202);
        String notification = await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT id FROM notifications WHERE event_id = ?").param(id).query(String.class)
                        .optional().orElse(null), n -> n != null);

        // due after a second; nobody is there to hand it over
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> sentTo(phone) == 0 && "queued".equals(notification(notification).get("status").asText()));

        restarted = anotherHub("--hub.routing.file=" + ROUTING, "--hub.schedules.due-sends-interval=300");

        awaitStatus(notification, "sent");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(phone) == 1);
    }

}
