package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.support.HubIntegrationTest;
import com.coachway.hub.templates.RenderedMessage;
import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * A delivery message can overtake the commit of the transaction that published it. The deliver step must wait for
 * that commit, not take the notification for missing or stale (which silently dropped messages under load).
 */
@TestPropertySource(properties = {"hub.notify.auto-startup=false", "hub.delivery.auto-startup=false"})
class DeliveryServiceTest extends HubIntegrationTest {

    private static final RenderedMessage SMS = new RenderedMessage("sms", null, null, "CoachWay: see you at 08:30",
            null, null);

    @Autowired
    NotificationStore store;

    @Autowired
    DeliveryService deliveries;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theDeliverStepWaitsForTheDispatchToCommit() throws Exception {
        CountDownLatch dispatched = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        String[] id = new String[1];
        int[] seq = new int[1];
        CompletableFuture<Void> dispatcher = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            NotificationRequest request = new NotificationRequest("trip_reminder", List.of("sms"), "transactional",
                    "normal", new Recipient("Ana", "+15555550601", null, null), null, null, null, null);
            id[0] = store.create(request, NotificationOrigin.API, null, null, "test", null).id();
            seq[0] = store.dispatched(id[0], 0, "+15555550601", "twilio", SMS, 1, false, "sms via twilio");
            dispatched.countDown();
            try {
                commit.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(dispatched.await(10, TimeUnit.SECONDS)).isTrue();
        DeliveryWork work = new DeliveryWork(id[0], "sms", 0, seq[0], "twilio", "+15555550601", "normal",
                "transactional", DeliveryWork.TEXT, null, "hello", null, null, null, null, "Ana", null, null);

        CompletableFuture<DeliveryAttempt> attempt = CompletableFuture.supplyAsync(() -> deliveries.begin(work));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !attempt.isDone());
        commit.countDown();
        dispatcher.get(10, TimeUnit.SECONDS);
        DeliveryAttempt started = attempt.get(10, TimeUnit.SECONDS);
        assertThat(started).isNotNull();
        assertThat(started.number()).isEqualTo(1);
        assertThat(store.find(id[0]).orElseThrow().status()).isEqualTo(NotificationStatus.SENDING);
    }

    @Test
    void everyOriginTheHubNamesIsOneTheDatabaseTakes() {
        for (NotificationOrigin origin : NotificationOrigin.values()) {
            NotificationRequest request = new NotificationRequest("trip_reminder", List.of("sms"), "transactional",
                    "normal", new Recipient("Ana", "+15555550604", null, null), null, null, null, null);
            String id = store.create(request, origin, null, null, "test", null).id();
            assertThat(store.find(id).orElseThrow().origin()).isEqualTo(origin.wire());
        }
    }

    @Test
    void aStaleDispatchAndAHandOverWhoseTransactionRolledBackAreAcknowledged() {
        String id = transactions.execute(tx -> {
            NotificationRequest request = new NotificationRequest("trip_reminder", List.of("sms"), "transactional",
                    "normal", new Recipient("Ana", "+15555550602", null, null), null, null, null, null);
            String created = store.create(request, NotificationOrigin.API, null, null, "test", null).id();
            store.dispatched(created, 0, "+15555550602", "twilio", SMS, 1, false, "sms via twilio");
            store.dispatched(created, 0, "+15555550602", "twilio", SMS, 1, false, "sms via twilio");
            return created;
        });
        DeliveryWork stale = new DeliveryWork(id, "sms", 0, 1, "twilio", "+15555550602", "normal", "transactional",
                DeliveryWork.TEXT, null, "hello", null, null, null, null, "Ana", null, null);
        // the hub stopped after the broker confirmed the delivery message and before the notification committed
        String rolledBack = transactions.execute(tx -> {
            NotificationRequest request = new NotificationRequest("trip_reminder", List.of("sms"), "transactional",
                    "normal", new Recipient("Ana", "+15555550603", null, null), null, null, null, null);
            String created = store.create(request, NotificationOrigin.API, null, null, "test", null).id();
            store.dispatched(created, 0, "+15555550603", "twilio", SMS, 1, false, "sms via twilio");
            tx.setRollbackOnly();
            return created;
        });
        DeliveryWork orphan = new DeliveryWork(rolledBack, "sms", 0, 1, "twilio", "+15555550603", "normal",
                "transactional", DeliveryWork.TEXT, null, "hello", null, null, null, null, "Ana", null, null);

        assertThat(deliveries.begin(stale)).isNull();
        // not a "no notification" dead letter: what it handed over was never accepted, and nothing is sent
        assertThat(deliveries.begin(orphan)).isNull();
        assertThat(store.find(rolledBack)).isEmpty();
    }
}
