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
 */
record Timing(Duration delay, At at, boolean skipIfPast, List<String> cancelOn, String cancelKey) {

    static final Timing NONE = new Timing(null, null, false, List.of(), null);

    Timing {
        cancelOn = List.copyOf(cancelOn);
    }

    /**
     * A send time from the data: the date or instant at {@code field}, moved by {@code period} and {@code duration},
     * at {@code time} of day when given, in the recipient's time zone.
     */
    record At(String field, Period period, Duration duration, LocalTime time) {
    }
}
