package com.coachway.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A deployment without a vendor system says so ({@code hub.outbound.vendor.enabled=false}): its pushes are recorded
 * as skipped and its queue stays empty, where an unset base URL alone keeps them waiting (here: charter).
 */
@TestPropertySource(properties = {"hub.notify.auto-startup=false", "hub.outbound.vendor.enabled=false"})
class SwitchedOffDestinationTest extends HubIntegrationTest {

    @Test
    void aSwitchedOffDestinationsPushesAreSkippedAndItsQueueStaysEmpty() {
        String bid = "evt-" + UUID.randomUUID();
        String converted = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(bid, "vendor.bid.requested",
                "{\"bid_id\":\"B-1\",\"vendor\":{\"name\":\"Blue Coaches\",\"email\":\"bids@blue.example\"}}"))
                .statusCode()).isEqualTo(202);
        assertThat(postEvent(event(converted, "lead.converted", "{\"lead_id\":\"lead_x\"}")).statusCode())
                .isEqualTo(202);

        JsonNode skipped = await().atMost(Duration.ofSeconds(20)).until(() -> pushes("?event_id=" + bid),
                found -> found.size() == 1 && "skipped".equals(found.get(0).get("status").asText())).get(0);
        assertThat(skipped.get("destination").asText()).isEqualTo("vendor");
        assertThat(skipped.get("attempts").asInt()).isZero();
        assertThat(skipped.get("last_error").asText())
                .isEqualTo("pushes to vendor are switched off (hub.outbound.vendor.enabled=false)");
        assertThat(skipped.has("waiting")).isFalse();
        assertThat(depth(WorkQueues.OUTBOUND_VENDOR)).isZero();
        assertThat(pushes("?status=skipped&destination=vendor")).extracting(p -> p.get("event_id").asText())
                .contains(bid);

        // no base URL, not switched off: the charter push waits in its queue, and says why
        JsonNode waiting = await().atMost(Duration.ofSeconds(20)).until(() -> pushes("?event_id=" + converted),
                found -> found.size() == 1).get(0);
        assertThat(waiting.get("status").asText()).isEqualTo("pending");
        assertThat(waiting.get("waiting").asText()).startsWith("pushes to charter are off");
        await().atMost(Duration.ofSeconds(10)).until(() -> depth(WorkQueues.OUTBOUND_CHARTER) == 1);

        JsonNode health = json(get("/actuator/health", "Authorization", "Bearer " + OPS_KEY).body());
        assertThat(health.at("/components/outbound/details/vendor").asText()).isEqualTo("disabled");
        assertThat(health.at("/components/outbound/details/charter").asText()).isEqualTo("off");
    }

    private JsonNode pushes(String query) {
        return json(get("/api/v1/pushes" + query, "Authorization", "Bearer " + OPS_KEY).body()).get("items");
    }
}
