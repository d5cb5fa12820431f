package com.coachway.hub.delivery;

import java.time.Instant;

import com.coachway.hub.vocabulary.NotificationStatus;

/**
 * One step of a notification's history.
 *
 * @param status the status it was in after this step
 * @param at when
 * @param detail what happened
 */
record TimelineEntry(NotificationStatus status, Instant at, String detail) {
}
