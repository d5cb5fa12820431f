package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What ops and integrators read: health, metrics, the OpenAPI description, and problem+json for Spring's errors.
 * (Spring Boot switches metric export off in tests unless asked, hence {@code @AutoConfigureObservability}.)
 */
@AutoConfigureObservability
class OperationsEndpointsTest extends HubIntegrationTest {

    static final String ANALYST = "Basic "
            + Base64.getEncoder().encodeToString("analyst:analyst-password".getBytes(StandardCharsets.UTF_8));

    @Test
    void healthIsUpWithDatabaseBrokerCamelAndRoutingForAnyone() {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").fieldNames()).toIterable().contains("db", "rabbit", "camelHealth",
                "routing", "outbound");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/rabbit/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camelHealth/status").asText()).isEqualTo("UP");
        // versions, file paths and a refused routing edit are for ops, not for whoever can reach the port
        assertThat(health.findValues("details")).isEmpty();
        assertThat(response.body()).doesNotContain("version", "routing.yml", "path");
    }

    @Test
    void healthDetailsAreForOpsAdminAndAnalystOnly() {
        JsonNode health = json(get("/actuator/health", "Authorization", "Bearer " + OPS_KEY).body());

        assertThat(health.at("/components/rabbit/details/version").asText()).isNotBlank();
        assertThat(health.at("/components/routing/details/rules").asInt()).isPositive();
        // no downstream system is configured here: every push is off (its work stays queued) and health says so
        assertThat(health.at("/components/outbound/details/charter").asText()).isEqualTo("off");
        assertThat(health.at("/components/outbound/details/vendor").asText()).isEqualTo("off");
        assertThat(health.at("/components/outbound/details/change").asText()).isEqualTo("off");

        JsonNode asPublisher = json(get("/actuator/health", "Authorization", "Bearer " + CHARTER_KEY).body());
        assertThat(asPublisher.at("/components/rabbit/status").asText()).isEqualTo("UP");
        assertThat(asPublisher.findValues("details")).isEmpty();

        JsonNode asAnalyst = json(get("/actuator/health", "Authorization", ANALYST).body());
        assertThat(asAnalyst.at("/components/rabbit/details/version").asText()).isNotBlank();
    }

    @Test
    void readinessIsUpOnceTheRoutesAreStartedAndLivenessIsServed() {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness.body()).at("/components/routes/status").asText()).isEqualTo("UP");
        assertThat(json(readiness.body()).at("/components/readinessState/status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusShowsCamelRouteMetricsAndHubCounters() {
        String id = "evt-" + UUID.randomUUID();
        assertThat(postEvent(event(id, "trip.reminder", clientData())).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "routed".equals(eventStatus("charter-service", id)));

        HttpResponse<String> response = get("/actuator/prometheus", "Authorization", "Bearer " + OPS_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("camel_exchanges_total")
                .contains("routeId=\"router\"")
                .contains("routeId=\"ingress.http\"")
                .contains("hub_events_ingress_total")
                .contains("hub_events_routed_total");
    }

    @Test
    void prometheusIsForOpsAdminAndAnalystOnly() {
        HttpResponse<String> anonymous = get("/actuator/prometheus");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.body()).doesNotContain("hub_events");

        HttpResponse<String> publisher = get("/actuator/prometheus", "Authorization", "Bearer " + CHARTER_KEY);
        assertThat(publisher.statusCode()).isEqualTo(403);
        assertThat(publisher.body()).doesNotContain("hub_events");

        HttpResponse<String> analyst = get("/actuator/prometheus", "Authorization", ANALYST);
        assertThat(analyst.statusCode()).isEqualTo(200);
        assertThat(analyst.body()).contains("camel_exchanges_total");
    }

    @Test
    void openApiDescribesTheIngressEndpoint() {
        HttpResponse<String> response = get("/api/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode api = json(response.body());
        JsonNode post = api.at("/paths/~1api~1v1~1events/post");
        assertThat(post.isMissingNode()).isFalse();
        assertThat(post.get("responses").fieldNames()).toIterable().contains("202", "200", "207", "400", "401",
                "403", "413", "415", "503");
    }

    @Test
    void springsOwnErrorsAreProblemJsonInTheHubsVocabularyToo() {
        HttpResponse<String> notFound = get("/api/v1/nothing-here", "Authorization", "Bearer " + CHARTER_KEY);
        HttpResponse<String> wrongMethod = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/events"))
                .DELETE().header("Authorization", "Bearer " + CHARTER_KEY).build());

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // one vocabulary of types for every error, and nothing of Spring's insides ("No static resource …")
        assertThat(json(notFound.body()).get("type").asText()).isEqualTo("https://coachway.example/problems/not-found");
        assertThat(notFound.body()).doesNotContain("static resource");
        assertThat(json(get("/assets/ops/nothing.js").body()).get("type").asText()).endsWith("/problems/not-found");

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // the methods in any order: the platform's set of them has none
        assertThat(wrongMethod.headers().firstValue("Allow").orElseThrow().split(",\\s*"))
                .containsExactlyInAnyOrder("GET", "POST");
        JsonNode problem = json(wrongMethod.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://coachway.example/problems/method-not-allowed");
        assertThat(problem.get("detail").asText()).isEqualTo("Method 'DELETE' is not supported.");
    }
}
