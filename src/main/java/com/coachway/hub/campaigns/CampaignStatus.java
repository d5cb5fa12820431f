package com.coachway.hub.campaigns;

import java.util.List;
import java.util.Optional;

import com.coachway.hub.vocabulary.WireNames;
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

    static final List<String> NAMES = WireNames.all(CampaignStatus.class);

    @JsonValue
    String wire() {
        return WireNames.of(this);
    }

    static Optional<CampaignStatus> of(String wire) {
        return WireNames.find(CampaignStatus.class, wire);
    }
}
