package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Urgent work first (hub.messaging.urgent-window, here two seconds so it can be seen): while a critical SMS is on its
 * way the bulk SMS consumers start nothing new, and once the window has closed they carry on by themselves. A
 * campaign slows for a critical message; it is never stopped by one.
 */
@TestPropertySource(properties = {"hub.rate.sms=200", "hub.messaging.urgent-window=PT2S",
        "hub.messaging.bulk-max-wait=PT30S"})
class BulkHoldsOffForUrgentTest extends DeliveryIntegrationTest {

    private static final String CRITICAL_TO = "%2B15555550999";

    @Test
    void bulkSendsPauseWhileACriticalOneTravelsAndThenCarryOn() {
        twilioAccepts();
        queueLowSms(5000);
        // bulk has been going for two seconds
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> bulkSentBetween(Instant.now().minusSeconds(3), Instant.now().minusSeconds(2)) > 0);

        String id = notify("""
                {"template":"recovery_escalated","channels":["sms"],"priority":"critical",
                 "to":{"name":"Priya","phone":"+15555550999"},
                 "data":{"charter_id":186,"attempts":3,"driver":{"name":"Dave","phone":"+1 555 555 0188"},
                 "recovery_id":"R-1","dispatch_phone":"+1 555 555 0100"}}""");

        Instant handed = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> twilioRequests().stream().filter(r -> r.getBodyAsString().contains(CRITICAL_TO))
                        .map(r -> r.getLoggedDate().toInstant()).findFirst().orElse(null), at -> at != null);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> bulkSentBetween(handed.plusMillis(2500), Instant.MAX) > 0);
        // what had started before the critical message finishes at once; nothing new starts in its window
        assertThat(bulkSentBetween(handed.plusMillis(300), handed.plusMillis(1500))).isZero();
        assertThat(bulkSentBetween(handed.minusMillis(1500), handed.minusMillis(300))).isPositive();
        awaitStatus(id, "sent");
    }

    private static long bulkSentBetween(Instant from, Instant to) {
        return twilioRequests().stream().filter(r -> !r.getBodyAsString().contains(CRITICAL_TO))
                .map(LoggedRequest::getLoggedDate).map(Date::toInstant)
                .filter(at -> !at.isBefore(from) && at.isBefore(to)).count();
    }
}
