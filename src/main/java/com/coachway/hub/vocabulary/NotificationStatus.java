package com.coachway.hub.vocabulary;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a notification stands (API.md §3). Each status knows whether it is final and how far along the way to the
 * recipient it lies; what providers and recipients report only ever moves a notification further.
 */
public enum NotificationStatus {
    QUEUED(0, false), SENDING(1, false), SENT(2, false), DELIVERED(4, true), READ(5, true), OPENED(5, true), CLICKED(6,
            true), UNDELIVERED(3, false), FAILED(4, true), BOUNCED(4, true),
    // these three never left the hub: they have no place on the way and never move
    BLOCKED(-1, true), PARKED(-1, true), CANCELLED(-1, true);

    /** The wire names, in declaration order. */
    public static final List<String> NAMES = WireNames.all(NotificationStatus.class);

    /**
     * The statuses of a message that reached its recipient or is on its way there: not one the hub never let out, nor
     * one a provider could not deliver.
     */
    public static final List<String> TOLD = Stream.of(values())
            .filter(status -> status.progress >= 0 && status != UNDELIVERED && status != FAILED && status != BOUNCED)
            .map(NotificationStatus::wire).toList();

    private final int progress;
    private final boolean terminal;

    NotificationStatus(int progress, boolean terminal) {
        this.progress = progress;
        this.terminal = terminal;
    }

    /** The name on the wire and in the database, e.g. {@code delivered}. */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** Whether the recipient is known to have the message: delivered, or read, opened or clicked since. */
    public boolean reached() {
        return progress >= DELIVERED.progress && this != FAILED && this != BOUNCED;
    }

    /** Whether a notification in this status never leaves it. */
    public boolean terminal() {
        return terminal;
    }

    /**
     * Whether a report of {@code next} moves a notification in this status forward: a late {@code sent} after
     * {@code delivered} does not, nor does a duplicate; {@code read} after {@code delivered} does. Only a notification
     * a provider has taken ({@code sent} or further) moves on a report.
     */
    public boolean isForward(NotificationStatus next) {
        return progress >= SENT.progress && next.progress > progress;
    }

    /** The status with this wire name, if there is one. */
    public static Optional<NotificationStatus> of(String wire) {
        return WireNames.find(NotificationStatus.class, wire);
    }

    /** The status with this wire name, read from the hub's own store where it cannot be unknown. */
    public static NotificationStatus stored(String wire) {
        return of(wire).orElseThrow(() -> new IllegalStateException("unknown notification status '" + wire + "'"));
    }

    @Override
    public String toString() {
        return wire();
    }
}
