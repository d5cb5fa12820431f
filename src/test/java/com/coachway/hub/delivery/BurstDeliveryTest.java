package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.Forms;

/**
 * Under a burst, work messages reach the next consumer before the transaction that published them has committed;
 * every notification must still be delivered exactly once, none taken for stale and dropped. Here each delivery
 * consumer also holds several sends at once (a prefetch above the shipped 1), which must not change that.
 */
@TestPropertySource(properties = {"hub.rate.sms=1000", "hub.delivery.consumers=4", "hub.notify.consumers=4",
        "hub.router.consumers=4", "hub.delivery.prefetch=5", "hub.router.prefetch=50", "hub.notify.prefetch=7",
        "hub.ingress.auto-startup=false"})
class BurstDeliveryTest extends DeliveryIntegrationTest {

    static final int EVENTS = 400;

    @Autowired
    CamelContext camel;

    @Test
    void eachStageConsumesWithTheConsumersAndPrefetchConfiguredForIt() {
        assertThat(consumer("router")).isEqualTo(List.of(4, 50));
        assertThat(consumer("notify")).isEqualTo(List.of(4, 7));
        assertThat(consumer("notify.urgent")).isEqualTo(List.of(4, 7));
        assertThat(consumer("deliver.sms")).isEqualTo(List.of(4, 5));
        assertThat(consumer("deliver.email.urgent")).isEqualTo(List.of(4, 5));
        assertThat(consumer("ingress.amqp")).isEqualTo(List.of(2, 20)); // the shipped defaults
        // events arrive over HTTP here; the AMQP front door stays shut as configured, the stages run
        assertThat(camel.getRouteController().getRouteStatus("ingress.amqp")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("router")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("deliver.sms")).isEqualTo(ServiceStatus.Started);
        // outbound pushes leave in queue order: one consumer, one message at a time, whatever the stages say
        assertThat(consumer("outbound.charter")).isEqualTo(List.of(1, 1));
    }

    private List<Integer> consumer(String routeId) {
        SpringRabbitMQEndpoint endpoint = (SpringRabbitMQEndpoint) camel.getRoute(routeId).getEndpoint();
        return List.of(endpoint.getConcurrentConsumers(), endpoint.getPrefetchCount());
    }

    @Test
    void everyEventOfABurstIsDeliveredExactlyOnce() throws Exception {
        // a Twilio that keeps what it took, as the real one does: an answer lost to a cold start's read timeout is
        // found by the hub's lookup instead of being sent twice
        twilioAccepts();
        String run = UUID.randomUUID().toString().substring(0, 8);
        postTripReminders(run, EVENTS, 7_000_000);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.sql("SELECT count(*) FROM notifications WHERE status = 'sent' AND event_id LIKE ?")
                        .param(run + "-%").query(Integer.class).single() == EVENTS);
        Map<String, Long> byStatus = jdbc.sql("SELECT status, count(*) AS n FROM notifications WHERE event_id LIKE ? "
                + "GROUP BY status").param(run + "-%").query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(byStatus).containsExactly(Map.entry("sent", (long) EVENTS));
        assertThat(twilioRequests().stream().map(r -> Forms.parse(r.getBodyAsString()).get("To")).distinct())
                .hasSize(EVENTS);
        assertThat(twilioRequests()).hasSize(EVENTS);
    }
}
