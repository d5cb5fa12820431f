package com.coachway.hub.vocabulary;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A nightly quiet period, {@code from} until {@code to} on the recipient's wall clock (it may span midnight: 21:00 to
 * 08:00), when marketing and reminders sends may not go out (API.md §2b {@code quiet_hours}).
 */
public record QuietHours(LocalTime from, LocalTime to) {

    public boolean holds(LocalTime time) {
        return from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }

    /** {@code at}, or the end of the quiet period it falls in (the next {@code to} on the clock of {@code zone}). */
    public Instant after(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (!holds(local.toLocalTime())) {
            return at;
        }
        ZonedDateTime end = local.with(to).withSecond(0).withNano(0);
        if (!end.isAfter(local)) {
            end = local.toLocalDate().plusDays(1).atTime(to).atZone(zone);
        }
        return end.toInstant();
    }

    /** "21:00 to 08:00", as timelines show it. */
    @Override
    public String toString() {
        return from + " to " + to;
    }
}
