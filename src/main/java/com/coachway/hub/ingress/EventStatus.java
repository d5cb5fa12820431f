package com.coachway.hub.ingress;

import java.util.List;
import java.util.Optional;

import com.coachway.hub.vocabulary.WireNames;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an event stands in the {@code events} ledger (the table's check constraint holds the same four). */
enum EventStatus {
    /** Taken in and handed to the router, not routed yet. */
    ACCEPTED,
    /** Rules of the routing table matched it (its {@code actions} may still be 0: a condition or a missing date). */
    ROUTED,
    /** No rule matches its type; recorded and acknowledged, not a failure. */
    UNROUTED,
    /** Refused at intake (the caller got a 4xx, or an AMQP message was parked). */
    REJECTED;

    static final List<String> NAMES = WireNames.all(EventStatus.class);

    @JsonValue
    String wire() {
        return WireNames.of(this);
    }

    static Optional<EventStatus> of(String wire) {
        return WireNames.find(EventStatus.class, wire);
    }
}
