package com.coachway.hub.messaging;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Tells the owners of a failed message ({@link RetryListener}s) when its next attempt comes. */
@Component
public class RetryNotices {

    private static final Logger log = LoggerFactory.getLogger(RetryNotices.class);

    private final List<RetryListener> listeners;
    private final RetryProperties retry;

    public RetryNotices(List<RetryListener> listeners, RetryProperties retry) {
        this.listeners = List.copyOf(listeners);
        this.retry = retry;
    }

    /**
     * As a message goes to a retry tier (work-errors). A listener that fails is logged and the message is retried all
     * the same: what it would have said is only a note.
     */
    public void retrying(FailureDecision decision, Map<String, Object> headers) {
        if (decision.parked() || FailurePolicy.DEFERRED.equals(decision.kind())
                || decision.attempt() > retry.delays().size()) {
            return;
        }
        RetryingMessage message = new RetryingMessage(decision.originalQueue(), headers, decision.attempt(),
                retry.delays().size(), retry.delays().get(decision.attempt() - 1));
        for (RetryListener listener : listeners) {
            try {
                listener.retrying(message);
            } catch (RuntimeException e) {
                log.warn("Retry listener {} failed for a message of {}: {}", listener, message.queue(), e.toString());
            }
        }
    }
}
