package com.coachway.hub.deadletter;

import java.util.List;
import java.util.Map;

/**
 * A feature that replays its own dead letters its own way (API.md §10): a parked ingress event is re-admitted under
 * the source it was authenticated as, a parked notification leaves {@code parked} for {@code queued} and is sent
 * again (with its recipient's address corrected, where ops edited it). Called inside the replay's transaction; a refusal is thrown as a problem.
 * A feature also hears when ops give one of its dead letters up, to record it where its users look.
 */
public interface DeadLetterReplayer {

    /**
     * Replays a dead letter of {@code queue}, or returns false (the default, for a feature that only hears discards)
     * to leave it to the hub: published again, as it was parked, to where it was first published.
     *
     * @param queue the work queue the message failed on
     * @param headers the headers as parked (never with credentials)
     * @param body the body to replay: as parked, or as edited
     * @param edited whether ops edited the body
     * @param changed the paths the edit changed ({@code data.client.phone}; {@code $} for the whole body)
     * @param actor who replays it
     */
    default boolean replay(String queue, Map<String, Object> headers, String body, boolean edited,
            List<String> changed, String actor) {
        return false;
    }

    /**
     * Ops discarded a dead letter of {@code queue}: nothing will replay it. Called inside the discard's transaction;
     * by default nothing is recorded beyond the dead letter's own history.
     *
     * @param deadLetterId the dead letter
     * @param headers its headers as parked
     * @param reason why ops gave it up, as they wrote it
     * @param actor who discarded it
     */
    default void discarded(String queue, long deadLetterId, Map<String, Object> headers, String reason,
            String actor) {
    }
}
