package com.coachway.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;

/**
 * Two hub instances on one database and broker, two SMS consumers each, share one rate limit: together they never
 * send faster than {@code hub.rate.sms}.
 */
@TestPropertySource(properties = {"hub.rate.sms=4", "hub.delivery.consumers=2"})
class ClusterRateLimitTest extends DeliveryIntegrationTest {

    static final int MESSAGES = 24;
    static final double RATE = 4;
    private static ConfigurableApplicationContext second;

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    private void sendAll(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(notify(request("recovery_contact", "[\"sms\"]",
                    "{\"name\":\"Dave\",\"phone\":\"+1555555" + (6000 + i) + "\"}",
                    "{\"charter_id\":" + i
                            + ",\"attempts\":1,\"recovery_id\":\"R-1\",\"dispatch_phone\":\"+1 555 555 0100\"}")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> twilioRequests().size() == count);
        ids.forEach(id -> awaitStatus(id, "sent"));
    }

    @Test
    void twoInstancesTogetherStayUnderTheRate() {
        PROVIDERS.stubFor(twilio().willReturn(aResponse().withStatus(201)
                .withBody("{\"sid\":\"SM00000000000000000000000000000077\"}")));
        second = anotherHub("--hub.rate.sms=4", "--hub.delivery.consumers=2",
                "--hub.retry.delays=PT0.3S,PT0.6S,PT0.9S");

        // warm both instances up first: a JVM's first Twilio call is slow (class loading, connection set-up), and
        // that delay would pull its send away from its slot and distort what is measured
        sendAll(8);
        PROVIDERS.resetRequests();

        sendAll(MESSAGES);

        List<Long> at = twilioRequests().stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
        int busiestSecond = 0;
        for (int i = 0; i < at.size(); i++) {
            int inWindow = 0;
            for (long t : at) {
                if (t >= at.get(i) && t < at.get(i) + 1000) {
                    inWindow++;
                }
            }
            busiestSecond = Math.max(busiestSecond, inWindow);
        }
        double span = (at.get(at.size() - 1) - at.get(0)) / 1000.0;
        double average = (at.size() - 1) / span;
        System.out.printf("RATE two instances, hub.rate.sms=%.0f/s: %d sends in %.2f s = %.2f/s average, busiest "
                + "1-second window %d%n", RATE, at.size(), span, average, busiestSecond);
        // slots are 250 ms apart at the database; network jitter may pull one send into a neighbouring window
        assertThat(busiestSecond).isLessThanOrEqualTo((int) RATE + 1);
        assertThat(average).isLessThanOrEqualTo(RATE * 1.05);
        assertThat(second.isRunning()).isTrue();
    }
}
