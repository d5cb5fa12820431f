package com.coachway.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import com.coachway.hub.support.TcpProxy;
import com.coachway.hub.support.TestInfrastructure;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The park path never drops (issue 11, item 2): messages parked while PostgreSQL is away wait on their parking
 * queue, taken again and again with a growing pause, and all reach dead_letters once it is back.
 */
@TestPropertySource(properties = "hub.deadletters.auto-startup=true")
class DrainOutageTest extends HubIntegrationTest {

    static final TcpProxy DATABASE = new TcpProxy(TestInfrastructure.PG_HOST, TestInfrastructure.PG_PORT);

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void databaseThroughProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestInfrastructure.jdbcUrl("127.0.0.1", DATABASE.port()));
    }

    // restored, never closed: the Spring context closes after this class and must find its servers reachable
    @AfterEach
    void restore() {
        DATABASE.restore();
    }

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
        var counter = meters.find("hub.deadletters.drain.failed").counter();
        return counter == null ? 0 : counter.count();
    }
}
