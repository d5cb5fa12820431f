package com.coachway.hub.routing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;

/**
 * When a notify action sends, and what calls it off (API.md §2b). Every part is optional; a timing with none of them
 * sends at once, as a rule without one does.
 *
 * @param delay send this long after the event is routed
 * @param at send at a time computed from the data
 * @param skipIfPast a computed time already past skips the send instead of sending at once
 * @param cancelOn event types from the same source that call a pending send off
 * @param cancelKey the data path whose value both events share; the event's subject when null
 * @param quietHours when a marketing or reminders send may not go out, in the recipient's zone; null: any time
 */
record Timing(Duration delay, At at, boolean skipIfPast, List<String> cancelOn, String cancelKey,
        QuietHours quietHours) {

    static final Timing NONE = new Timing(null, null, false, List.of(), null, null);

    Timing {
        cancelOn = List.copyOf(cancelOn);
    }

    /**
     * A send time from the data: the date or instant at {@code field}, moved by {@code period} and {@code duration},
     * at {@code time} of day when given, in the recipient's time zone.
     */
    record At(String field, Period period, Duration duration, LocalTime time) {
    }

    /** A nightly quiet period, {@code from} until {@code to} (it may span midnight: 21:00 to 08:00). */
    record QuietHours(LocalTime from, LocalTime to) {

        boolean holds(LocalTime time) {
            return from.isBefore(to)
                    ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }
    }
}
