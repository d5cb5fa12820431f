package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.DeliveryIntegrationTest;

/**
 * A critical message is handed to the provider within 2 seconds while 10,000 low ones wait in the SMS queue: it
 * travels on the urgent lane and reserves the next rate slot, which bulk sends never do.
 */
@TestPropertySource(properties = "hub.rate.sms=5")
class PriorityLaneTest extends DeliveryIntegrationTest {

    static final int BACKLOG = 10_000;

    @Test
    void criticalOvertakesTenThousandLow() {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(201)
                .withBody("{\"sid\":\"SM00000000000000000000000000000099\"}")));
        queueLowSms(BACKLOG);
        await().atMost(Duration.ofSeconds(30)).until(() -> !twilioRequests().isEmpty());
        assertThat(depth(WorkQueues.DELIVER_SMS)).isGreaterThan(BACKLOG - 500);

        Instant posted = Instant.now();
        String id = notify("""
                {"template":"recovery_escalated","channels":["sms"],"priority":"critical",
                 "to":{"name":"Priya","phone":"+15555550999"},
                 "data":{"charter_id":186,"attempts":3,"driver":{"name":"Dave","phone":"+1 555 555 0188"},
                 "recovery_id":"R-1","dispatch_phone":"+1 555 555 0100"}}""");

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> twilioRequests().stream().anyMatch(r -> r.getBodyAsString().contains("%2B15555550999")));
        Instant handed = twilioRequests().stream()
                .filter(r -> r.getBodyAsString().contains("%2B15555550999"))
                .findFirst().orElseThrow().getLoggedDate().toInstant();
        long millis = Duration.between(posted, handed).toMillis();
        System.out.printf("PRIORITY %s: critical handed to the provider %d ms after the POST, %d low waiting%n",
                getClass().getSimpleName(), millis, depth(WorkQueues.DELIVER_SMS));
        assertThat(millis).isLessThan(2000);
        awaitStatus(id, "sent");
    }
}
