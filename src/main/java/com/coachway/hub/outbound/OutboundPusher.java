package com.coachway.hub.outbound;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.messaging.DeferredWork;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.messaging.ProviderCoded;
import com.coachway.hub.messaging.WorkQueues;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Pushes one event to one destination: {@code POST {base-url}/events} with the CloudEvent as it is,
 * {@code Content-Type: application/cloudevents+json}, {@code Idempotency-Key: <event id>} and the destination's auth
 * header, through the destination's circuit breaker. What the answer means is {@link PushOutcome}'s table.
 *
 * <p>Ordering: pushes for the same {@code subject} never reach a destination in reverse order of their event
 * {@code time}. An event waits (deferred, no attempt spent) while an earlier event for its subject is still on its
 * way, and an event older than one already delivered for its subject is not sent at all (superseded).
 */
@Component
class OutboundPusher {

    static final int MAX_ANSWER_KEPT = 2000;
    // UTF-8 takes up to 4 bytes a character: enough bytes for the characters kept, and one more to show the cut
    private static final int MAX_ANSWER_READ = 4 * MAX_ANSWER_KEPT + 4;
    private static final Logger log = LoggerFactory.getLogger(OutboundPusher.class);

    private final OutboundProperties properties;
    private final OutboundCircuits circuits;
    private final PushStore store;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    OutboundPusher(OutboundProperties properties, OutboundCircuits circuits, PushStore store,
            TransactionTemplate transactions, ObjectMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.circuits = circuits;
        this.store = store;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    /** Pushes a message taken from {@code queue} ({@code q.outbound.<destination>}); returns what became of it. */
    public String pushFrom(String queue, byte[] body) {
        return push(WorkQueues.outboundDestination(queue), body);
    }

    public String push(String destination, byte[] body) {
        OutboundProperties.Destination target = properties.destinations().get(destination);
        if (target.waiting()) {
            throw new DeferredWork(OutboundProperties.offReason(destination));
        }
        PushEvent event = PushEvent.parse(body, json);
        if (!target.enabled()) {
            String outcome = transactions.execute(tx -> store.skip(destination, event,
                    OutboundProperties.switchedOffReason(destination)));
            count(destination, outcome);
            return outcome;
        }
        Step step = transactions.execute(tx -> prepare(destination, event));
        if (step.waitFor() != null) {
            throw new DeferredWork("waiting for event " + step.waitFor() + " of subject " + event.subject()
                    + " to reach " + destination + " first");
        }
        if (step.skip() != null) {
            count(destination, step.skip());
            return step.skip();
        }
        HttpResponse<String> answer;
        try {
            answer = circuits.breaker(destination).executeCallable(() -> send(destination, target, event));
        } catch (CallNotPermittedException e) {
            count(destination, "deferred");
            throw new DeferredWork("the circuit of " + destination + " is open: waiting for it to recover", e);
        } catch (DestinationTrouble e) {
            store.attempted(step.pushId(), e.status, e.getMessage());
            throw failed(destination, e);
        } catch (Exception e) {
            String detail = noAnswer(e, target);
            store.attempted(step.pushId(), null, clip(detail));
            RuntimeException failure = failed(destination,
                    new DestinationTrouble(null, "no answer from " + destination + ": " + detail, e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // the hub is stopping; kept for whoever waits next
            }
            throw failure;
        }
        int status = answer.statusCode();
        if (PushOutcome.of(status) == PushOutcome.DONE) {
            store.delivered(step.pushId(), status);
            count(destination, "delivered");
            log.info("Pushed {} {} to {}: HTTP {}", event.type(), event.id(), destination, status);
            return "delivered";
        }
        String reason = "HTTP " + status + " from " + destination + ": " + clip(answer.body());
        store.attempted(step.pushId(), status, reason);
        count(destination, "refused");
        throw new PermanentFailure(reason);
    }

    /**
     * A failure that opened (or re-opened) the circuit says the destination is down, not that this message is bad:
     * it waits like the messages behind it instead of spending an attempt, so a long outage parks nothing. While the
     * circuit is closed, a failure is the message's: the retry tiers, then parking.
     */
    private RuntimeException failed(String destination, DestinationTrouble trouble) {
        if (circuits.open(destination)) {
            count(destination, "deferred");
            return new DeferredWork("the circuit of " + destination + " opened: " + trouble.getMessage(), trouble);
        }
        count(destination, "retried");
        return trouble;
    }

    /**
     * What to do with a push, decided under the row lock of its (destination, event).
     *
     * @param pushId the push's row
     * @param skip why nothing is to be sent (delivered before, superseded, discarded by ops), or null
     * @param waitFor the earlier event of the same subject that must go first, or null
     */
    private record Step(long pushId, String skip, String waitFor) {
    }

    private Step prepare(String destination, PushEvent event) {
        PushStore.Push push = store.claim(destination, event);
        switch (push.status()) {
            case DELIVERED -> {
                return new Step(push.id(), "already delivered", null);
            }
            case SUPERSEDED -> {
                return new Step(push.id(), "superseded", null);
            }
            case DISCARDED -> {
                return new Step(push.id(), "discarded by ops", null); // a stray copy of a message given up
            }
            case PARKED -> store.reopen(push.id()); // replayed by ops
            default -> {
                // pending: go on
            }
        }
        if (event.ordered()) {
            if (store.newerDelivered(destination, event)) {
                store.mark(push.id(), PushStatus.SUPERSEDED, "a later event of subject " + event.subject()
                        + " reached " + destination + " first; sending this one now would reverse their order");
                return new Step(push.id(), "superseded", null);
            }
            Optional<String> older = store.olderPending(destination, event);
            if (older.isPresent()) {
                return new Step(push.id(), null, older.get());
            }
        }
        return new Step(push.id(), null, null);
    }

    private HttpResponse<String> send(String destination, OutboundProperties.Destination target, PushEvent event)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(events(target.baseUrl()))
                .timeout(target.readTimeout())
                .header("Content-Type", CloudEventsMedia.STRUCTURED)
                .header("Idempotency-Key", event.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
        String auth = target.authHeader();
        if (auth != null && !auth.isBlank()) {
            int colon = auth.indexOf(':');
            if (colon > 0 && auth.substring(0, colon).matches("[A-Za-z0-9-]+")) {
                request.header(auth.substring(0, colon).trim(), auth.substring(colon + 1).trim());
            } else {
                request.header("Authorization", auth.trim());
            }
        }
        HttpResponse<String> answer = client(target).send(request.build(),
                AnswerStart.upTo(MAX_ANSWER_READ, target.readTimeout()));
        if (PushOutcome.of(answer.statusCode()) == PushOutcome.RETRY) {
            // thrown inside the breaker, so it counts as the destination failing
            throw new DestinationTrouble(answer.statusCode(), "HTTP " + answer.statusCode() + " from "
                    + destination + ": " + clip(answer.body()), null);
        }
        return answer;
    }

    // HTTP/1.1 on plain http: Java's client would ask such a server to upgrade to h2c with the event as the body of
    // the upgrade request, which h2c servers answer with 413 (Netty) or a reset (Jetty), so the push would park for
    // good. Over https, HTTP/2 is agreed in the TLS handshake, with no such request.
    private HttpClient client(OutboundProperties.Destination target) {
        return clients.computeIfAbsent(target.baseUrl(), url -> HttpClient.newBuilder()
                .version(url.regionMatches(true, 0, "https:", 0, 6)
                        ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(target.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    private static URI events(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + "/events");
    }

    private void count(String destination, String outcome) {
        meters.counter("hub.outbound.pushes", "destination", destination, "outcome", outcome).increment();
    }

    /**
     * Why a push got no answer, as ops read it: Java's HttpClient says only "ConnectException" (no message at all)
     * when nothing listens, so the address and the timeouts are named here.
     */
    static String noAnswer(Exception e, OutboundProperties.Destination target) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + authority(target) + " within " + target.connectTimeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer from " + authority(target) + " within " + target.readTimeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "could not connect to " + authority(target) + " (refused or unreachable"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String authority(OutboundProperties.Destination target) {
        try {
            return URI.create(target.baseUrl()).getAuthority();
        } catch (IllegalArgumentException e) {
            return target.baseUrl();
        }
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ANSWER_KEPT ? text : text.substring(0, MAX_ANSWER_KEPT) + "…";
    }

    /**
     * The destination failed to take a push (5xx, 408, 429, no answer): retried through the tiers. Its message says
     * so in words, and its status is the code ops see on the dead letter, as a provider's is.
     */
    static final class DestinationTrouble extends RuntimeException implements ProviderCoded {

        private final Integer status;

        DestinationTrouble(Integer status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        @Override
        public String providerCode() {
            return status == null ? null : "HTTP " + status;
        }
    }
}
