package com.coachway.hub.routing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;
import java.util.stream.Stream;

import com.coachway.hub.vocabulary.QuietHours;

/**
 * When a notify action sends, what calls it off, how many events it waits for, and what it does not say twice
 * (API.md §2b). Every part is optional; a workflow with none of them sends at once, as a rule without one does.
 *
 * @param delay send this long after the event happened (its time), or after it is routed when that is later
 * @param at send at a time computed from the data
 * @param skipIfPast a computed time already past skips the send instead of sending at once
 * @param cancelOn event types from the same source that call a pending send off
 * @param cancelKey the data path whose value both events share; the event's subject when null
 * @param quietHours when a marketing or reminders send may not go out, in the recipient's zone; null: any time
 * @param threshold notify only at the event that makes the count; null: at every event
 * @param digest gather the events of a window into one message; null: one message per event
 * @param oncePer the data path whose value names the occasion (the event's subject when the event lacks it): a
 *        recipient whose last news of it was this same message (same rule, template, channels, and data wherever the
 *        template reads it) is not told it again; null: every event tells
 */
record Workflow(Duration delay, At at, boolean skipIfPast, List<String> cancelOn, String cancelKey,
        QuietHours quietHours, Threshold threshold, Digest digest, String oncePer) {

    /** How a template's check names each event a threshold counted. */
    static final String COUNTED = "threshold.events[]";

    static final Workflow NONE = new Workflow(null, null, false, List.of(), null, null, null, null, null);

    Workflow {
        cancelOn = List.copyOf(cancelOn);
    }

    /** What the workflow puts into a message's data for its template, beside (or instead of) the event's data. */
    List<String> provides() {
        if (digest != null) {
            // each gathered event as RoutingPlanner.digestEntry makes it: subject and time only when it had them
            return Stream.concat(Stream.of("events", "count"), entryFields(NotifyRoute.GATHERED)).toList();
        }
        if (threshold != null) {
            // the events counted, each with the time it counted from (RoutingPlanner.withThreshold)
            return Stream.concat(Stream.of("threshold", "threshold.count", "threshold.days", "threshold.within",
                    "threshold.events", COUNTED + ".time"), entryFields(COUNTED)).toList();
        }
        return List.of();
    }

    /**
     * The list whose items each hold one event, with its data under {@code data}: a digest's {@code events[]}, a
     * threshold's {@code threshold.events[]}; null when the workflow has none.
     */
    String gathers() {
        return digest != null ? NotifyRoute.GATHERED : threshold != null ? COUNTED : null;
    }

    private static Stream<String> entryFields(String each) {
        return Stream.of(each + ".id", each + ".source", each + ".type", each + ".data");
    }

    /**
     * A send time from the data: the date or instant at {@code field}, moved by {@code period} and {@code duration},
     * at {@code time} of day when given, in the recipient's time zone.
     */
    record At(String field, Period period, Duration duration, LocalTime time) {
    }

    /**
     * Notify at the event that makes {@code count} events with the same key within the sliding window
     * {@code within}; not again until the count has fallen below {@code count} and reached it anew.
     *
     * @param keys data paths; the first one the event carries is the key (the client's email, else their phone)
     */
    record Threshold(List<String> keys, int count, Duration within) {

        Threshold {
            keys = List.copyOf(keys);
        }
    }

    /**
     * Events for the same key within {@code window} of the first make one message, sent when the window closes;
     * its template gets {@code events} (the list) and {@code count}.
     *
     * @param key {@code recipient} (the recipient's address) or a data path
     */
    record Digest(String key, Duration window) {

        static final String RECIPIENT = "recipient";
    }
}
