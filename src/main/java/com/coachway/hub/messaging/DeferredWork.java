package com.coachway.hub.messaging;

/**
 * Work that cannot be done now for a reason that is not the message's fault: the destination's circuit is open, or
 * an older event for the same subject has to go first. The message waits one first-tier delay and comes back
 * without spending an attempt, so waiting never parks it.
 */
public class DeferredWork extends RuntimeException {

    public DeferredWork(String reason) {
        super(reason);
    }

    public DeferredWork(String reason, Throwable cause) {
        super(reason, cause);
    }
}
