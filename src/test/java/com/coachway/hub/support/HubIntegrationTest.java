package com.coachway.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.ConsumeOkNotReceivedException;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.messaging.RetryProperties;
import com.coachway.hub.messaging.WorkQueues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The whole hub on a random port, against the real PostgreSQL and RabbitMQ, in a schema and vhost of this test
 * class's own. Helpers speak HTTP and AMQP the way upstream systems do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:hub-test.properties")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestExecutionListeners(listeners = TestInfrastructure.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public abstract class HubIntegrationTest {

    public static final String CHARTER_KEY = "test-charter-key-0123456789";
    public static final String SALES_KEY = "test-sales-key-0123456789";
    public static final String OPS_KEY = "test-ops-key-0123456789";

    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    protected int port;

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected RabbitAdmin rabbitAdmin;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private RetryProperties retry;

    @DynamicPropertySource
    static void isolatedInfrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** POSTs a body with the given content type and headers (name, value pairs). */
    protected HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** POSTs one CloudEvent as the charter service. */
    protected HttpResponse<String> postEvent(String event) {
        return post("/api/v1/events", "application/cloudevents+json", event, "Authorization", "Bearer " + CHARTER_KEY);
    }

    protected HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /** The answer is a problem+json of that status, listing a problem of that field among its errors (unless null). */
    protected static void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
        }
    }

    /** A CloudEvent of the charter service with the given id, type and data (JSON object text). */
    protected static String event(String id, String type, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"charter-service","type":"%s",
                 "time":"2026-03-01T10:00:00Z","subject":"charter/186","datacontenttype":"application/json",
                 "data":%s}""".formatted(id, type, data);
    }

    protected static String clientData() {
        return """
                {"charter_id":186,"client":{"name":"Ana Ruiz","phone":"+1 (555) 555-1234",
                 "email":"ana@example.com"},"vendor":{"name":"Blue Coaches","email":"ops@bluecoaches.example"}}""";
    }

    /** Takes every message currently in a queue (waits briefly for the first). */
    protected List<Message> drain(String queue) {
        List<Message> messages = new ArrayList<>();
        Message message = receive(queue, 200);
        while (message != null) {
            messages.add(message);
            message = receive(queue, 50);
        }
        return messages;
    }

    // a receive that waits starts a consumer, whose consume-ok a broker busy with a whole test run may not send within
    // the wait (ConsumeOkNotReceivedException): then what the queue holds is taken without waiting, by basic.get
    private Message receive(String queue, long timeoutMillis) {
        try {
            return rabbit.receive(queue, timeoutMillis);
        } catch (ConsumeOkNotReceivedException e) {
            return rabbit.receive(queue);
        }
    }

    /** How many messages sit in a queue right now. */
    protected int depth(String queue) {
        var info = rabbitAdmin.getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    /** Empties every work, retry and parking queue, so tests of one class do not see each other's messages. */
    protected void purgeAll() {
        rabbitAdmin.purgeQueue(WorkQueues.UNROUTED, false);
        for (String queue : WorkQueues.ALL) {
            rabbitAdmin.purgeQueue(queue, false);
            rabbitAdmin.purgeQueue(WorkQueues.parked(queue), false);
            for (int tier = 1; tier <= retry.delays().size(); tier++) {
                rabbitAdmin.purgeQueue(WorkQueues.retry(queue, tier), false);
            }
        }
    }

    /** The events ledger row of (source, id) that is not a rejection, as a map, or null. */
    protected Map<String, Object> eventRow(String source, String id) {
        return jdbc.sql("SELECT * FROM events WHERE source = ? AND event_id = ? AND status <> 'rejected'")
                .params(source, id)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElse(null);
    }

    protected String eventStatus(String source, String id) {
        Map<String, Object> row = eventRow(source, id);
        return row == null ? null : (String) row.get("status");
    }

    /** One sample of a gauge as Prometheus scrapes it: the series of that name whose labels hold {@code label}. */
    protected double gauge(String name, String label) {
        HttpResponse<String> scrape = get("/actuator/prometheus", "Authorization", "Bearer " + OPS_KEY);
        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        String body = scrape.body();
        List<String> samples = body.lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{") && l.contains(label))
                .toList();
        assertThat(samples).as(name + " " + label + " in\n"
                + body.lines().filter(l -> l.startsWith("hub_")).toList()).hasSize(1);
        return Double.parseDouble(samples.get(0).substring(samples.get(0).lastIndexOf(' ') + 1));
    }
}
