package com.coachway.hub.delivery;

import java.time.Instant;

/**
 * One step of a notification's history.
 *
 * @param status the status it was in after this step
 * @param at when
 * @param detail what happened
 */
public record TimelineEntry(String status, Instant at, String detail) {
}
