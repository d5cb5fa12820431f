package com.coachway.hub.http;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Maps whatever went wrong while serving a request to a problem+json reply. The one rule that matters: when the
 * broker or the database cannot take the request durably, the caller gets 503 and Retry-After, never a 2xx.
 */
@Component
public class ProblemReplies {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(ProblemReplies.class);

    private final ObjectMapper json;

    public ProblemReplies(ObjectMapper json) {
        this.json = json;
    }

    /** The reply for an exception thrown while handling a request. */
    public HttpReply forException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return of(problem.problem());
            }
        }
        if (isInfrastructureDown(failure)) {
            log.warn("Cannot durably accept a request, answering 503: {}", describe(failure));
            return new HttpReply(503, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    write(Problems.of(503, "unavailable", "Service unavailable",
                            "The hub cannot durably accept this request right now; retry later.")),
                    RETRY_AFTER_SECONDS);
        }
        log.error("Request failed unexpectedly", failure);
        return of(Problems.of(500, "internal-error", "Internal error",
                "The request failed unexpectedly; it was not accepted."));
    }

    /** A reply carrying the given problem document. */
    public HttpReply of(ProblemDetail problem) {
        return new HttpReply(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, write(problem), null);
    }

    /** A reply carrying the given problem document (a 503, a 429), with Retry-After. */
    public HttpReply retryLater(ProblemDetail problem, int retryAfterSeconds) {
        return new HttpReply(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, write(problem),
                retryAfterSeconds);
    }

    /** Broker down, database down, or a confirm that never came: nothing was accepted. */
    static boolean isInfrastructureDown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AmqpException || t instanceof DataAccessException || t instanceof TransactionException
                    || t instanceof TimeoutException || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** A JSON reply with the given status, written with the hub's JSON settings. */
    public HttpReply json(int status, Object value) {
        return HttpReply.json(status, write(value));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON reply", e);
        }
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
