package com.coachway.hub.tracking;

import java.util.List;
import java.util.Optional;

import com.coachway.hub.vocabulary.WireNames;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a recorded status callback stands in {@code provider_callbacks} (the table's check constraint holds these). */
public enum CallbackState {
    /** Recorded, not applied yet (or waiting out an outage, or for its notification's own {@code sent}). */
    PENDING,
    /** It moved its notification on. */
    APPLIED,
    /** It said nothing new: a duplicate, a late or a backward status. */
    IGNORED,
    /** No notification of the hub has its message id, after {@code hub.tracking.unknown-grace}. */
    UNMATCHED,
    /** It kept failing to apply: set aside for ops, who can try it again. */
    FAILED;

    static final List<String> NAMES = WireNames.all(CallbackState.class);
    /** The states ops may send back to be applied: the applier gave up on them. */
    static final List<String> SET_ASIDE = List.of(FAILED.wire(), UNMATCHED.wire());

    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    static Optional<CallbackState> of(String wire) {
        return WireNames.find(CallbackState.class, wire);
    }
}
