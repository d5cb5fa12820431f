package com.coachway.hub.delivery;

import java.time.Instant;

/**
 * A notification reached a status it never leaves (delivered, read, failed, bounced, blocked, parked...). Published
 * by {@link NotificationOutcomes} inside the transaction that ended it; a listener that must not lose its work runs
 * in that transaction too (a plain {@code @EventListener}), so a crash drops both or neither.
 *
 * @param notification the notification as it ended
 * @param at when it ended
 */
public record NotificationEnded(Notification notification, Instant at) {
}
