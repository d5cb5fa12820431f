package com.coachway.hub.templates;

import java.time.Instant;
import java.util.Optional;

/** Sends that will render a template when their time comes (scheduled sends, campaigns, workflow sends). */
public interface WaitingSends {

    /** The sends waiting to render {@code template}; empty when there are none. */
    Optional<Waiting> waitingFor(String template);

    /**
     * @param count how many wait
     * @param firstDue when the first of them is due
     */
    record Waiting(long count, Instant firstDue) {
    }
}
