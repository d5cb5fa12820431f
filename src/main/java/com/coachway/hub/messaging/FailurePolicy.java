package com.coachway.hub.messaging;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one place that decides between retry and parking. A permanent failure is parked at once; deferred work waits
 * in the first tier without spending an attempt, and so does a message that failed because the database or the
 * broker is away (an outage is not the message's fault: it waits for as long as the outage lasts); anything else
 * moves to the next retry tier until the tiers ({@code hub.retry.delays}) are used up, and is then parked.
 */
@Component
public class FailurePolicy {

    /** The kind of a decision to wait out an outage: no attempt of the message's own failed. */
    static final String DEFERRED = "deferred";

    static final int MAX_REASON_LENGTH = 1000;

    private final RetryProperties retry;
    private final MeterRegistry meters;
    private final Clock clock;

    @Autowired
    public FailurePolicy(RetryProperties retry, MeterRegistry meters) {
        this(retry, meters, Clock.systemUTC());
    }

    FailurePolicy(RetryProperties retry, MeterRegistry meters, Clock clock) {
        this.retry = retry;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Decides where a message that failed on {@code queue} goes next. Reads the message's headers, changes nothing:
     * {@link #stamp} writes the outcome onto the message.
     */
    public FailureDecision decide(Map<String, Object> headers, String queue, Throwable cause) {
        return decide(headers, queue, null, cause);
    }

    /**
     * As {@link #decide(Map, String, Throwable)} for a message consumed from the broker: where it was first
     * published is where a replay sends it.
     */
    public FailureDecision decide(Map<String, Object> headers, String queue, Received received, Throwable cause) {
        int attempt = attemptsSoFar(headers) + 1;
        String now = Instant.now(clock).toString();
        String reason = reason(cause);
        boolean permanent = isPermanent(cause);
        String first = text(headers.get(HubHeaders.FIRST_FAILURE), now);
        String exchange = text(headers.get(HubHeaders.ORIGINAL_EXCHANGE),
                received == null ? null : received.exchange());
        String routingKey = text(headers.get(HubHeaders.ORIGINAL_ROUTING_KEY),
                received == null ? null : received.routingKey());
        String kind = permanent ? "permanent" : "transient";
        String code = providerCode(cause);

        FailureDecision decision;
        boolean outage = !permanent && isInfrastructure(cause);
        if (!permanent && (isDeferred(cause) || outage)) {
            // waiting is not failing: the first tier again, with the attempt count as it was
            decision = new FailureDecision(WorkQueues.RETRY_EXCHANGE, WorkQueues.retry(queue, 1), false,
                    attempt - 1, DEFERRED, outage ? "infrastructure unavailable: " + reason : reason, first, now,
                    queue, exchange, routingKey, code);
            meters.counter("hub.messages.failed", "queue", String.valueOf(queue), "outcome", "deferred").increment();
            return decision;
        }
        if (permanent) {
            decision = new FailureDecision(WorkQueues.PARKING_EXCHANGE, WorkQueues.parked(queue), true, attempt, kind,
                    reason, first, now, queue, exchange, routingKey, code);
        } else if (attempt <= retry.delays().size()) {
            decision = new FailureDecision(WorkQueues.RETRY_EXCHANGE, WorkQueues.retry(queue, attempt), false,
                    attempt, kind, reason, first, now, queue, exchange, routingKey, code);
        } else {
            decision = new FailureDecision(WorkQueues.PARKING_EXCHANGE, WorkQueues.parked(queue), true, attempt, kind,
                    "retries exhausted after " + attempt + " attempts: " + reason, first, now, queue, exchange,
                    routingKey, code);
        }
        meters.counter("hub.messages.failed", "queue", String.valueOf(queue), "outcome",
                decision.parked() ? "parked" : "retried").increment();
        return decision;
    }

    /**
     * Writes a decision's bookkeeping into the headers of the message that goes to the retry tier or parking (the
     * owners of a parked message are told by {@link ParkingNotices}).
     */
    public void stamp(Map<String, Object> headers, FailureDecision decision) {
        headers.put(HubHeaders.ATTEMPT, decision.attempt());
        headers.put(HubHeaders.FIRST_FAILURE, decision.firstFailure());
        headers.put(HubHeaders.LAST_FAILURE, decision.lastFailure());
        headers.put(HubHeaders.FAILURE_KIND, decision.kind());
        headers.put(HubHeaders.FAILURE_REASON, decision.reason());
        headers.put(HubHeaders.ORIGINAL_QUEUE, decision.originalQueue());
        if (decision.providerCode() != null) {
            headers.put(HubHeaders.PROVIDER_CODE, decision.providerCode());
        } else {
            headers.remove(HubHeaders.PROVIDER_CODE); // a code of an earlier attempt says nothing of this one
        }
        if (decision.originalExchange() != null) {
            headers.put(HubHeaders.ORIGINAL_EXCHANGE, decision.originalExchange());
        }
        if (decision.originalRoutingKey() != null) {
            headers.put(HubHeaders.ORIGINAL_ROUTING_KEY, decision.originalRoutingKey());
        }
    }

    private static String providerCode(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ProviderCoded coded) {
                return coded.providerCode();
            }
        }
        return null;
    }

    static boolean isPermanent(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PermanentFailure) {
                return true;
            }
        }
        return false;
    }

    static boolean isDeferred(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DeferredWork) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is the database or the broker being away rather than anything about the message: a lost
     * or refused connection, a transaction that could not begin, a server shutting down (SQL state class 08, 57P).
     */
    public static boolean isInfrastructure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof TransientDataAccessResourceException || t instanceof AmqpConnectException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    static int attemptsSoFar(Map<String, Object> headers) {
        Object value = headers.get(HubHeaders.ATTEMPT);
        if (value instanceof Number n) {
            return Math.max(0, n.intValue());
        }
        if (value != null) {
            try {
                return Math.max(0, Integer.parseInt(value.toString().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        String text = null;
        for (Throwable t = cause; t != null && text == null; t = t.getCause()) {
            // the hub's own failures say what happened in words; a provider's names provider and code already
            if (t instanceof PermanentFailure || t instanceof DeferredWork || t instanceof ProviderCoded) {
                text = t.getMessage();
            }
        }
        if (text == null) {
            Throwable shown = cause;
            // "Failed to invoke method ... on deliveryService due to: ..." says nothing the cause does not
            while (shown.getCause() != null && shown.getClass().getName().startsWith("org.apache.camel.")) {
                shown = shown.getCause();
            }
            text = shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
        }
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }

    private static String text(Object value, String fallback) {
        return value == null || value.toString().isEmpty() ? fallback : value.toString();
    }
}
