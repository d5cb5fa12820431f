package com.coachway.hub.messaging;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpUrls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How fast messages go into and out of the hub's queues, as RabbitMQ's management plugin samples them (every 5 s by
 * default) over every connection, so over every hub instance. AMQP itself tells only depth and consumers. Without
 * the plugin, or with {@code hub.messaging.management-url} empty, there are no rates and {@link Answer#unavailable()}
 * says why: the queue listing still answers.
 */
@Component
public class BrokerRates {

    private static final Logger log = LoggerFactory.getLogger(BrokerRates.class);

    /** The plugin refreshes its figures every few seconds; asking more often only loads it. */
    private static final Duration KEPT = Duration.ofSeconds(2);

    /** A plugin that is off stays off for a while: each listing must not wait for it again. */
    private static final Duration KEPT_UNAVAILABLE = Duration.ofSeconds(30);

    /** The listing waits for this at most: a slow plugin must not hold up ops. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * What one queue moves, in messages per second.
     *
     * @param inPerSecond published to the queue (by the hub, a retry tier's expiry, or a publisher)
     * @param outPerSecond acknowledged by the queue's consumers
     */
    public record Rates(double inPerSecond, double outPerSecond) {
    }

    /**
     * Rates by queue name, or why there are none.
     *
     * @param byQueue each queue of the hub's vhost the plugin reports on
     * @param unavailable null when {@code byQueue} holds the broker's figures, else the reason for an empty map
     */
    public record Answer(Map<String, Rates> byQueue, String unavailable) {

        static Answer none(String why) {
            return new Answer(Map.of(), why);
        }
    }

    private final URI queues;
    private final String authorization;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile Answer last;
    private volatile Instant lastAt = Instant.MIN;

    @Autowired
    BrokerRates(MessagingProperties messaging, RabbitProperties rabbit, ObjectMapper json) {
        this(messaging.managementUrl(), rabbit.determineVirtualHost(), rabbit.determineUsername(),
                rabbit.determinePassword(), json, Clock.systemUTC());
    }

    BrokerRates(String managementUrl, String vhost, String username, String password, ObjectMapper json,
            Clock clock) {
        this.json = json;
        this.clock = clock;
        if (managementUrl == null || managementUrl.isBlank()) {
            this.queues = null;
            this.authorization = null;
            return;
        }
        if (!HttpUrls.isBase(managementUrl)) {
            throw new IllegalArgumentException("hub.messaging.management-url must be an http(s) base URL such as"
                    + " http://localhost:15672 (or empty for no rates), not " + managementUrl);
        }
        String base = managementUrl.trim().replaceAll("/+$", "");
        // one call for every queue of the vhost, cut down to the figures the listing shows
        this.queues = URI.create(base + "/api/queues/" + URLEncoder.encode(vhost == null ? "/" : vhost,
                StandardCharsets.UTF_8) + "?columns=name,message_stats.publish_details.rate,"
                + "message_stats.ack_details.rate");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** The rates now (asked at most two seconds ago), or why there are none (asked again after 30 s); never throws. */
    public Answer current() {
        if (queues == null) {
            return Answer.none("hub.messaging.management-url is empty");
        }
        Instant now = clock.instant();
        Answer kept = last;
        if (kept != null && now.isBefore(lastAt.plus(kept.unavailable() == null ? KEPT : KEPT_UNAVAILABLE))) {
            return kept;
        }
        Answer fresh = ask();
        last = fresh;
        lastAt = now;
        return fresh;
    }

    private Answer ask() {
        String where = "the RabbitMQ management API at " + queues.getScheme() + "://" + queues.getAuthority();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(queues).timeout(TIMEOUT)
                    .header("Authorization", authorization).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Answer.none(where + " answered HTTP " + response.statusCode()
                        + (response.statusCode() == 401 ? " (the user needs the management or monitoring tag)" : ""));
            }
            Map<String, Rates> rates = new LinkedHashMap<>();
            for (JsonNode queue : json.readTree(response.body())) {
                JsonNode stats = queue.path("message_stats");
                rates.put(queue.path("name").asText(), new Rates(stats.at("/publish_details/rate").asDouble(0),
                        stats.at("/ack_details/rate").asDouble(0)));
            }
            return new Answer(rates, null);
        } catch (JsonProcessingException e) {
            return Answer.none(where + " answered something that is not its queue list");
        } catch (IOException e) {
            log.debug("No queue rates from {}: {}", where, e.toString());
            return Answer.none(where + " cannot be reached (" + e.getClass().getSimpleName()
                    + "); the rabbitmq_management plugin may be off");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.none("interrupted while asking " + where);
        }
    }
}
