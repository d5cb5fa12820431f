package com.coachway.hub.outbound;

import java.util.List;
import java.util.Optional;

import com.coachway.hub.vocabulary.WireNames;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a push stands in {@code outbound_pushes} (the table's check constraint holds the same six). */
enum PushStatus {
    /** On its way: not answered yet, or waiting in a retry tier or behind an open circuit. */
    PENDING,
    /** The destination took it (2xx, or 409: it had it already). */
    DELIVERED,
    /** Not sent: a later event of the same subject had already reached the destination. */
    SUPERSEDED,
    /** Refused by the destination (another 4xx) or out of retries: in the dead letters for ops. */
    PARKED,
    /** Not sent: its destination is switched off ({@code hub.outbound.<destination>.enabled=false}). */
    SKIPPED,
    /** Parked, then given up by ops (its dead letter discarded): never delivered, and not to be tried again. */
    DISCARDED;

    static final List<String> NAMES = WireNames.all(PushStatus.class);

    @JsonValue
    String wire() {
        return WireNames.of(this);
    }

    static Optional<PushStatus> of(String wire) {
        return WireNames.find(PushStatus.class, wire);
    }
}
