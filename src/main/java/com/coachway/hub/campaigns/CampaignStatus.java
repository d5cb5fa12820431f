package com.coachway.hub.campaigns;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a campaign stands; read from its notifications, never stored (so it cannot disagree with them). */
enum CampaignStatus {
    /** Nothing has gone out yet: every send waits for its time. */
    SCHEDULED,
    /** Some sends went out (or were blocked), others still wait or are on their way. */
    SENDING,
    /** Every recipient's notification has left the hub or ended. */
    SENT,
    /** Ops called it off; what still waited then was cancelled. */
    CANCELLED;

    static final List<String> NAMES = Arrays.stream(values()).map(CampaignStatus::wire).toList();

    @JsonValue
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<CampaignStatus> of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}
