package com.coachway.hub.vocabulary;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A {@code send_at} a caller asks for: {@code POST /api/v1/notifications} and a {@code marketing.campaign}'s data.
 * One a little past goes at once (a request that waited in a retry); one more than a day past is a mistake, such as
 * a year mistyped or an unset date sent as 1970, and would send now what was meant for another day, a campaign to
 * every recipient included. One more than a year ahead is a mistake too.
 */
public final class SendAt {

    /** How far past a send time may be and still go at once. */
    private static final Duration LATE = Duration.ofDays(1);
    /** How far ahead a send time may be. */
    private static final Duration AHEAD = Duration.ofDays(366);
    /** What a refused send time is told, after the field's name. */
    public static final String EXPECTED = "must be a timestamp such as 2027-01-15T09:00:00Z, at most a day past and "
            + "within a year (leave it out to send now)";

    private SendAt() {
    }

    /** The instant {@code text} names (ISO-8601 with an offset), or empty when it names none. */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code text} is a send time a caller may ask for, seen at {@code now}. */
    public static boolean acceptable(String text, Instant now) {
        return parse(text).filter(at -> !at.isBefore(now.minus(LATE)) && !at.isAfter(now.plus(AHEAD))).isPresent();
    }
}
