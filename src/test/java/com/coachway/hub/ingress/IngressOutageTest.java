package com.coachway.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.support.HubIntegrationTest;
import com.coachway.hub.support.TcpProxy;
import com.coachway.hub.support.TestInfrastructure;

/**
 * The hub reaches RabbitMQ and PostgreSQL through proxies this test can cut: while either is unreachable a publisher
 * gets 503 with Retry-After, never a 202 that is later lost; once it is back the same hub accepts again.
 */
class IngressOutageTest extends HubIntegrationTest {

    static final TcpProxy BROKER = new TcpProxy(TestInfrastructure.RABBIT_HOST, TestInfrastructure.RABBIT_PORT);
    static final TcpProxy DATABASE = new TcpProxy(TestInfrastructure.PG_HOST, TestInfrastructure.PG_PORT);

    @DynamicPropertySource
    static void throughProxies(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.port", BROKER::port);
        registry.add("spring.datasource.url", () -> TestInfrastructure.jdbcUrl("127.0.0.1", DATABASE.port()));
    }

    // restored, never closed: the Spring context closes after this class and must find its servers reachable
    @AfterEach
    void restore() {
        BROKER.restore();
        DATABASE.restore();
    }

    @Test
    void brokerDownIs503ThenTheSameEventIsAcceptedOnceItIsBack() {
        String id = "evt-" + UUID.randomUUID();
        String event = event(id, "charter.confirmed", clientData());
        BROKER.cut();

        HttpResponse<String> down = postEvent(event);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(down.body()).get("status").asInt()).isEqualTo(503);
        // the failed publish rolled the claim back: nothing recorded that could pose as a duplicate later
        assertThat(eventRow("charter-service", id)).isNull();

        BROKER.restore();
        HttpResponse<String> back = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> postEvent(event), r -> r.statusCode() != 503);

        assertThat(back.statusCode()).isEqualTo(202);
        assertThat(json(back.body()).get("duplicate").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", id)));
    }

    @Test
    void databaseDownIs503ThenAcceptedOnceItIsBack() {
        String id = "evt-" + UUID.randomUUID();
        String event = event(id, "trip.reminder", clientData());
        DATABASE.cut();

        HttpResponse<String> down = postEvent(event);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();

        DATABASE.restore();
        HttpResponse<String> back = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> postEvent(event), r -> r.statusCode() != 503);
        assertThat(back.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "routed".equals(eventStatus("charter-service", id)));
    }

    @Test
    void batchDuringAnOutageIs503AndASafeResendAfterwards() {
        String first = "evt-" + UUID.randomUUID();
        String second = "evt-" + UUID.randomUUID();
        String batch = "[" + event(first, "trip.reminder", clientData()) + "," + event(second, "trip.reminder",
                clientData()) + "]";
        BROKER.cut();

        HttpResponse<String> down = post("/api/v1/events", "application/cloudevents-batch+json", batch,
                "Authorization", "Bearer " + CHARTER_KEY);
        assertThat(down.statusCode()).isEqualTo(503);

        BROKER.restore();
        HttpResponse<String> back = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> post("/api/v1/events", "application/cloudevents-batch+json", batch, "Authorization",
                        "Bearer " + CHARTER_KEY), r -> r.statusCode() != 503);
        assertThat(back.statusCode()).isEqualTo(207);
        assertThat(json(back.body()).get("results").findValuesAsText("status")).containsOnly("accepted");
    }
}
