package com.coachway.hub.outbound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The downstream systems that are not taking pushes now, and what waits for each: the ops overview's warning. An open
 * circuit parks nothing (API.md §9), so without it a system that stopped answering shows only as a queue with no
 * consumer, and ops would look for dead letters that never come.
 */
@Component
public class DownstreamStatus {

    /** Why a destination takes no pushes. */
    enum Why {
        /** it stopped answering: its circuit is open and its consumer stopped */
        NOT_ANSWERING,
        /** a trial push is finding out whether it is back */
        TRIAL,
        /** no base URL is set: its pushes wait in its queue */
        OFF;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One destination that takes no pushes now.
     *
     * @param destination charter, vendor or change
     * @param why not_answering, trial or off
     * @param since when its circuit opened, as this instance saw it; null when it is off
     * @param detail what the latest failed push got, or which key would switch it on
     * @param waiting pushes on their way to it
     * @param oldest when the oldest of them was queued
     * @param trialEvery how often, in seconds, an open circuit lets a push through to try; 0 when it is off
     */
    public record Stalled(String destination, String why, Instant since, String detail, long waiting, Instant oldest,
            long trialEvery) {
    }

    private final OutboundProperties properties;
    private final OutboundCircuits circuits;
    private final PushStore store;

    DownstreamStatus(OutboundProperties properties, OutboundCircuits circuits, PushStore store) {
        this.properties = properties;
        this.circuits = circuits;
        this.store = store;
    }

    /** Each destination whose circuit is not closed, or that is off while pushes wait for it. */
    public List<Stalled> stalled() {
        List<Stalled> stalled = new ArrayList<>();
        circuits.states().forEach((destination, state) -> {
            OutboundProperties.Destination target = properties.destinations().get(destination);
            Why why;
            if (target.waiting()) {
                why = Why.OFF;
            } else if (target.pushes() && state != CircuitBreaker.State.CLOSED) {
                why = state == CircuitBreaker.State.HALF_OPEN ? Why.TRIAL : Why.NOT_ANSWERING;
            } else {
                return; // taking pushes, or switched off for good (its pushes are skipped)
            }
            PushStore.Waiting waiting = store.waiting(destination);
            if (why == Why.OFF && waiting.count() == 0) {
                return;
            }
            stalled.add(why == Why.OFF
                    ? new Stalled(destination, why.wire(), null, OutboundProperties.offReason(destination),
                            waiting.count(), waiting.oldest(), 0)
                    : new Stalled(destination, why.wire(), circuits.downSince(destination).orElse(null),
                            waiting.lastError(), waiting.count(), waiting.oldest(),
                            properties.breaker().openFor().toSeconds()));
        });
        return stalled;
    }
}
