package com.coachway.hub.messaging;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Tells the owners of a parked message ({@link ParkingListener}s) what happened to it. */
@Component
public class ParkingNotices {

    private static final Logger log = LoggerFactory.getLogger(ParkingNotices.class);

    private final List<ParkingListener> listeners;

    public ParkingNotices(List<ParkingListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * As a message goes to its parking queue (work-errors). A listener that fails is logged and the message is parked
     * all the same: the drain tells it again once the message is filed.
     */
    public void parking(FailureDecision decision, Received received, Map<String, Object> headers) {
        ParkedMessage message = new ParkedMessage(decision.originalQueue(),
                received == null ? null : received.messageId(), headers, decision.reason());
        for (ParkingListener listener : listeners) {
            try {
                listener.parked(message);
            } catch (RuntimeException e) {
                log.error("Parking listener {} failed for a message of {}", listener, message.queue(), e);
            }
        }
    }

    /** As the drain files a parked message; a failure puts the message back on its queue, to be told again. */
    public void filed(ParkedMessage message) {
        listeners.forEach(listener -> listener.parked(message));
    }
}
