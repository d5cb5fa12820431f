package com.coachway.hub.ingress;

import java.time.Instant;
import java.util.List;

import com.coachway.hub.problem.FieldError;

/**
 * An event as the {@code events} ledger holds it, for {@code GET /api/v1/events}. Its data stays out: that is the
 * sender's, kept for routing and replay, and the notifications it caused show what was made of it.
 *
 * @param time when it happened, as its sender said
 * @param receivedVia http, amqp, internal (raised by the hub) or replay (from the dead letters)
 * @param actions work messages and raised events its rules made
 * @param reason the rules that matched, "no rule matches", or why it was refused
 * @param errors every problem of a refused event
 * @param replayedBy who replayed it from the dead letters
 * @param raised the events its rules raised, whose notifications and pushes are theirs
 * @param raisedBy for an event the hub raised, the event that caused it
 */
record EventView(String source, String id, String type, String subject, Instant time, String receivedVia,
        Instant receivedAt, EventStatus status, Instant statusAt, Integer actions, String reason,
        List<FieldError> errors, String replayedBy, List<Ref> raised, Ref raisedBy) {

    /** Another event, by its key. */
    record Ref(String source, String id) {
    }
}
