package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.coachway.hub.HubApplication;
import com.coachway.hub.support.TestInfrastructure;

/**
 * Two hub instances on one database and broker take 200 leads at the same moment, with room for only 150 under the
 * agents' caps: no agent goes over its cap, no lead is assigned twice, and the rest wait for ops.
 */
class LeadClusterTest extends LeadsIntegrationTest {

    static final int LEADS = 200;
    static final int CAP = 50;
    private static ConfigurableApplicationContext second;

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void twoInstancesAssignEveryLeadOnceAndNoAgentGoesOverItsCap() throws Exception {
        for (String agent : List.of("c-a", "c-b", "c-c")) {
            agent(agent, 1, CAP);
        }
        second = new SpringApplicationBuilder(HubApplication.class).run("--server.port=0",
                "--hub.db.schema=" + TestInfrastructure.names().schema(),
                "--spring.rabbitmq.virtual-host=" + TestInfrastructure.names().vhost(),
                "--hub.security.api-keys[0].source=sales-web", "--hub.security.api-keys[0].key=" + SALES_KEY,
                "--hub.retry.delays=PT0.3S,PT0.6S,PT0.9S", "--hub.mail.sandbox=true",
                "--hub.links.secret=test-link-secret",
                "--spring.datasource.hikari.maximum-pool-size=5");
        int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));

        ExecutorService clients = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < LEADS; i++) {
                URI target = URI.create("http://localhost:" + (i % 2 == 0 ? port : secondPort) + "/api/v1/leads");
                String body = lead("");
                answers.add(clients.submit(() -> {
                    start.await();
                    // as a real client does: a 503 (nothing kept, Retry-After) is sent again; on two busy JVMs a
                    // burst can wait out the connection pool's timeout
                    return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + SALES_KEY)
                                    .build()), response -> response.statusCode() != 503);
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(leadCount()).isEqualTo(LEADS);
        Map<String, Long> perAgent = leadsPerAgent();
        assertThat(perAgent).containsOnlyKeys("c-a", "c-b", "c-c");
        assertThat(perAgent.values()).allSatisfy(count -> assertThat(count).isEqualTo(CAP));
        // each lead assigned at most once, and the counters agree with the leads
        assertThat(jdbc.sql("""
                SELECT count(*) FROM (SELECT lead_id FROM lead_activities WHERE kind = 'assigned'
                GROUP BY lead_id HAVING count(*) > 1) twice""").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM lead_activities WHERE kind = 'assigned'").query(Long.class)
                .single()).isEqualTo(3L * CAP);
        assertThat(jdbc.sql("SELECT count(*) FROM leads WHERE assigned_agent_id IS NULL AND status = 'new'")
                .query(Long.class).single()).isEqualTo(LEADS - 3L * CAP);
        assertThat(jdbc.sql("SELECT sum(assigned_today) FROM assignment_rules").query(Long.class).single())
                .isEqualTo(3L * CAP);
    }
}
