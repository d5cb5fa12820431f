package com.coachway.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DatabaseOutageTest;

/**
 * The park path never drops (issue 11, item 2): messages parked while PostgreSQL is away wait on their parking
 * queue, taken again and again with a growing pause, and all reach dead_letters once it is back.
 */
@TestPropertySource(properties = "hub.deadletters.auto-startup=true")
class DrainOutageTest extends DatabaseOutageTest {

    @Test
    void messagesParkedWhileTheDatabaseIsAwayAllReachDeadLettersWhenItIsBack() {
        String marker = "poison-" + UUID.randomUUID();
        DATABASE.cut();
        for (int i = 0; i < 5; i++) {
            // not JSON: the router parks it at once, without the database
            rabbit.send(WorkQueues.EVENTS_EXCHANGE, "charter.confirmed", MessageBuilder
                    .withBody((marker + " #" + i).getBytes(StandardCharsets.UTF_8)).setMessageId(marker + i).build());
        }
        // the drain fails again and again (before: once, and the broker dropped the message)
        await().atMost(Duration.ofSeconds(30)).until(() -> drainFailures() >= 3);

        DATABASE.restore();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> jdbc
                .sql("SELECT count(*) FROM dead_letters WHERE convert_from(body, 'UTF8') LIKE ?")
                .param(marker + "%").query(Long.class).single() == 5);
        assertThat(depth(WorkQueues.parked(WorkQueues.ROUTER))).isZero();
    }

    private double drainFailures() {
        return count("hub.deadletters.drain.failed");
    }
}
