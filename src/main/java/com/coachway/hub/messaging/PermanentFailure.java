package com.coachway.hub.messaging;

/**
 * A failure that no retry can fix (unparseable message, invalid content, a 4xx from a provider). The message is
 * parked at once with this exception's message as its reason.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String reason) {
        super(reason);
    }

    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
