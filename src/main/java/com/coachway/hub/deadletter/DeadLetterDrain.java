package com.coachway.hub.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.Sha256;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.ParkedMessage;
import com.coachway.hub.messaging.ParkingNotices;
import com.coachway.hub.messaging.Received;
import com.coachway.hub.messaging.WorkQueues;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Moves one message from a parking queue (or {@code q.unrouted}, or {@code q.last-resort} behind both) into
 * {@code dead_letters}. The message is acknowledged only after the row is committed, and a redelivered one is
 * recognised by its drain key, so nothing is lost and nothing is stored twice. In the same transaction the owners of the message are told again that it is
 * parked (a notification becomes {@code parked}), so what they missed while the database was away is caught up.
 * When the database is away the message goes back to its queue after a pause that grows to
 * {@link #MAX_PAUSE}, and is taken again, for as long as the outage lasts: the park path never drops.
 */
@Component
class DeadLetterDrain {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDrain.class);

    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final DeadLetterStore store;
    private final ParkingNotices notices;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final AtomicInteger failuresInARow = new AtomicInteger();

    DeadLetterDrain(DeadLetterStore store, ParkingNotices notices, TransactionTemplate transactions,
            MeterRegistry meters) {
        this.store = store;
        this.notices = notices;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Stores one drained message; {@code headers} are the message's own headers, {@code received} what the broker
     * said about it. A failure is thrown after a
     * pause, and the consumer puts the message back on its queue (the drain's endpoint never rejects for good).
     */
    public void take(Map<String, Object> headers, byte[] body, Received received) {
        try {
            transactions.executeWithoutResult(tx -> store(headers, body, received));
            failuresInARow.set(0);
        } catch (RuntimeException e) {
            int failures = failuresInARow.incrementAndGet();
            long pause = Math.min(MAX_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(failures - 1, 10));
            log.warn("Dead letter not stored yet ({} failure(s) in a row), back on its queue in {} ms: {}", failures,
                    pause, e.toString());
            meters.counter("hub.deadletters.drain.failed").increment();
            pauseFor(pause);
            throw e;
        }
    }

    private void store(Map<String, Object> headers, byte[] body, Received received) {
        Map<String, Object> kept = new TreeMap<>();
        headers.forEach((name, value) -> {
            // a credential never reaches the table, whichever way the message got here; Spring AMQP's correlation
            // of publish and return means nothing once parked
            if (value != null && !HubHeaders.isCredential(name) && !HubHeaders.isSpringCorrelation(name)) {
                kept.put(name, plain(value));
            }
        });
        String queue = text(headers.get(HubHeaders.ORIGINAL_QUEUE));
        String reason = text(headers.get(HubHeaders.FAILURE_REASON));
        String kind = text(headers.get(HubHeaders.FAILURE_KIND));
        String exchange = first(headers.get(HubHeaders.ORIGINAL_EXCHANGE), received.exchange());
        String routingKey = first(headers.get(HubHeaders.ORIGINAL_ROUTING_KEY), received.routingKey());
        String parkedQueue;
        if (queue != null) {
            parkedQueue = WorkQueues.parked(queue);
        } else if (deathQueue(headers) != null) {
            // rejected by our own error handling and dead-lettered by the broker: x-death names the queue
            queue = deathQueue(headers);
            parkedQueue = WorkQueues.parked(queue);
            reason = "dead-lettered by the broker (" + text(firstDeath(headers).get("reason")) + ")";
            kind = "rejected";
        } else {
            queue = WorkQueues.UNROUTED;
            parkedQueue = WorkQueues.UNROUTED;
            reason = "unroutable: no queue is bound to routing key '" + routingKey + "' on exchange '" + exchange
                    + "'";
            kind = "unroutable";
        }
        String messageId = received.messageId();
        String lastFailure = text(headers.get(HubHeaders.LAST_FAILURE));
        String drainKey = Sha256.hex(parkedQueue + "|" + messageId + "|" + lastFailure + "|"
                + text(headers.get(HubHeaders.ATTEMPT)) + "|" + Sha256.hex(body));
        boolean stored = store.insert(new DeadLetterStore.Parked(drainKey, queue, parkedQueue, messageId,
                received.correlationId(), exchange, routingKey, received.contentType(), kept,
                body == null ? new byte[0] : body,
                reason == null ? "parked without a reason" : reason, kind, attempts(headers),
                instant(headers.get(HubHeaders.FIRST_FAILURE)), instant(lastFailure)));
        if (stored) {
            meters.counter("hub.deadletters.stored", "queue", queue).increment();
            log.info("Dead letter from {} stored: {}", queue, reason);
        }
        // a listener that failed when the message was parked (the database away) is caught up here; telling one
        // twice changes nothing
        notices.filed(
                new ParkedMessage(queue, messageId, headers, reason == null ? "parked without a reason" : reason));
    }

    private static void pauseFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String deathQueue(Map<String, Object> headers) {
        Map<?, ?> death = firstDeath(headers);
        return death == null ? null : text(death.get("queue"));
    }

    /**
     * The newest death on a work queue. A message that came on through {@code q.last-resort} also died on its parking
     * queue (or {@code q.unrouted}); that is not where it failed.
     */
    private static Map<?, ?> firstDeath(Map<String, Object> headers) {
        if (headers.get("x-death") instanceof List<?> deaths) {
            for (Object entry : deaths) {
                if (entry instanceof Map<?, ?> death && WorkQueues.ALL.contains(text(death.get("queue")))) {
                    return death;
                }
            }
        }
        return null;
    }

    // AMQP header values come as LongString, Date, nested lists and maps: keep them as JSON can show them
    private static Object plain(Object value) {
        if (value instanceof String text) {
            return text.replace("\0", ""); // jsonb cannot hold NUL, and a header is not worth losing a message over
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DeadLetterDrain::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), v == null ? null : plain(v)));
            return plain;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8).replace("\0", "");
        }
        return value.toString().replace("\0", "");
    }

    private static Integer attempts(Map<String, Object> headers) {
        Object value = headers.get(HubHeaders.ATTEMPT);
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return value == null ? null : Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(Object value) {
        String text = text(value);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String first(Object preferred, Object fallback) {
        String text = text(preferred);
        return text != null ? text : text(fallback);
    }

    private static String text(Object value) {
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }
}
