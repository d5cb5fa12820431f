package com.coachway.hub.deadletter;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Gives up the dead letters of work a feature settled another way, so that no replay, single or bulk, does it a
 * second time: a parked notification ops resent as a copy would otherwise reach its recipient twice.
 */
@Component
public class SettledElsewhere {

    private final DeadLetterStore store;

    SettledElsewhere(DeadLetterStore store) {
        this.store = store;
    }

    /**
     * Discards, inside the caller's transaction, every parked dead letter whose header {@code name} holds
     * {@code value}, recording who and why in each one's history; answers their ids, oldest first.
     */
    public List<Long> discard(String name, String value, String why, String actor) {
        List<Long> ids = store.lockParkedWith(name, value);
        ids.forEach(id -> store.resolve(id, "discarded", "discarded", actor, why));
        return ids;
    }
}
