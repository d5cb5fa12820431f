package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * Asks a provider whether it took a message whose attempt ended without an answer (a timeout, or the hub stopping
 * while the call was out), so the hub records what happened instead of sending a second copy.
 */
public interface ProviderLookup {

    /** The provider this one asks, as in {@link DeliveryWork#provider()}. */
    String provider();

    /**
     * The provider's id of {@code work}'s message if it took one at or after {@code since}; empty if it has none.
     * Throws when the provider cannot be asked.
     */
    Optional<String> find(DeliveryWork work, Instant since);
}
