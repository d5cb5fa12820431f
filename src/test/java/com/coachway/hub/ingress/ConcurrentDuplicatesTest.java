package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.amqp.core.Message;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;

/** The dedupe key lives in PostgreSQL: fifty publishers racing with one event id produce one event. */
// notify consumers stay off: these tests read the router\'s output where it waits, on q.notify
@TestPropertySource(properties = "hub.notify.auto-startup=false")
class ConcurrentDuplicatesTest extends HubIntegrationTest {

    @Test
    void fiftyConcurrentPostsOfOneEventAcceptOneAndRouteItOnce() throws Exception {
        String id = "evt-" + UUID.randomUUID();
        String event = event(id, "charter.confirmed", clientData());
        int clients = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            responses.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return postEvent(event);
            }, pool));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            statuses.add(response.get().statusCode());
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(49);
        await().atMost(Duration.ofSeconds(15)).until(() -> "routed".equals(eventStatus("charter-service", id)));
        // charter.confirmed names five actions: two notifications, two call-offs of waiting reminders, a push
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(WorkQueues.NOTIFY) == 4
                && depth(WorkQueues.OUTBOUND_VENDOR) == 1);
        List<Message> notify = drain(WorkQueues.NOTIFY);
        List<Message> vendor = drain(WorkQueues.OUTBOUND_VENDOR);
        assertThat(notify).hasSize(4)
                .allMatch(m -> id.equals(m.getMessageProperties().getCorrelationId()));
        assertThat(vendor).hasSize(1);
        assertThat(depth(WorkQueues.ROUTER)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE event_id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
