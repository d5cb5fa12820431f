package com.coachway.hub.routing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.coachway.hub.vocabulary.TimeZones;
import com.fasterxml.jackson.databind.JsonNode;

/** Computes the send time of a timed notify action; plain Java, so every case is a unit test. */
final class SendTimes {

    private SendTimes() {
    }

    /**
     * The instant an {@code at} send is due: the field's date (or date-time, seen in {@code zone}) moved by the
     * offset, at the time of day given, in {@code zone}. A local time that does not exist (a spring-forward gap) is
     * moved forward by the gap, as a wall clock is. Empty when the field is missing or not a date.
     */
    static Optional<Instant> at(JsonNode data, Workflow.At at, ZoneId zone) {
        JsonNode value = DataPath.resolve(data, at.field());
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        LocalDateTime local;
        try {
            String text = value.textValue().trim();
            local = text.length() <= 10
                    ? LocalDate.parse(text).atStartOfDay()
                    : OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDateTime();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        if (at.period() != null) {
            local = local.plus(at.period());
        }
        if (at.duration() != null) {
            local = local.plus(at.duration());
        }
        if (at.time() != null) {
            local = local.toLocalDate().atTime(at.time());
        }
        return Optional.of(ZonedDateTime.of(local, zone).toInstant());
    }

    /**
     * The instant a {@code delay} send is due: that long after the event happened (its CloudEvents {@code time}).
     * An event without a usable time, or with one still to come (a sender's clock ahead of ours), counts from
     * {@code now}, so a send is never put off beyond its delay. An instant not after {@code now} means at once.
     */
    static Instant afterEvent(String time, Duration delay, Instant now) {
        return happened(time, now).plus(delay);
    }

    /**
     * When the event happened, as far as the hub believes it: its CloudEvents {@code time}, or {@code now} when it
     * has none, has one the hub cannot read, or has one still to come (a sender's clock ahead of ours).
     */
    static Instant happened(String time, Instant now) {
        if (time == null) {
            return now;
        }
        try {
            Instant stated = OffsetDateTime.parse(time).toInstant();
            return stated.isBefore(now) ? stated : now;
        } catch (DateTimeException e) {
            return now; // intake refuses such a time; an event routed from elsewhere counts from now
        }
    }

    /** The recipient's own {@code timezone}, when it is a zone Java knows; otherwise {@code fallback}. */
    static ZoneId zoneOf(JsonNode recipient, ZoneId fallback) {
        JsonNode zone = recipient == null ? null : recipient.get("timezone");
        return zone != null && zone.isTextual() ? TimeZones.or(zone.textValue(), fallback) : fallback;
    }
}
