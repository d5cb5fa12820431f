package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An {@code at} send is wall-clock time in the recipient's zone, across a clock change too; a {@code delay} counts
 * from when the event happened.
 */
class SendTimesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Workflow.At DAY_BEFORE_AT_NINE = new Workflow.At("trip.date", Period.ofDays(-1), null,
            LocalTime.of(9, 0));

    private static JsonNode trip(String date) throws Exception {
        return JSON.readTree("{\"trip\":{\"date\":\"" + date + "\"}}");
    }

    @Test
    void nineInTheMorningIsNineOnEitherSideOfTheSpringForwardChange() throws Exception {
        // New York moves its clocks from 02:00 EST to 03:00 EDT on 14 March 2027
        assertThat(SendTimes.at(trip("2027-03-14"), DAY_BEFORE_AT_NINE, NEW_YORK))
                .hasValue(Instant.parse("2027-03-13T14:00:00Z")); // 09:00 EST, UTC-5
        assertThat(SendTimes.at(trip("2027-03-15"), DAY_BEFORE_AT_NINE, NEW_YORK))
                .hasValue(Instant.parse("2027-03-14T13:00:00Z")); // 09:00 EDT, UTC-4
    }

    @Test
    void aTimeInTheGapIsMovedForwardAsAWallClockIs() throws Exception {
        Workflow.At halfPastTwo = new Workflow.At("trip.date", Period.ofDays(-1), null, LocalTime.of(2, 30));

        assertThat(SendTimes.at(trip("2027-03-15"), halfPastTwo, NEW_YORK))
                .hasValue(Instant.parse("2027-03-14T07:30:00Z")); // 02:30 does not exist: 03:30 EDT
    }

    @Test
    void theRecipientsOwnZoneWinsAndADateTimeMovesByTheClock() throws Exception {
        JsonNode recipient = JSON.readTree("{\"name\":\"Ana\",\"timezone\":\"Europe/Madrid\"}");
        ZoneId zone = SendTimes.zoneOf(recipient, NEW_YORK);
        Workflow.At twoHoursBefore = new Workflow.At("trip.starts", null, Duration.ofHours(-2), null);

        assertThat(zone).isEqualTo(ZoneId.of("Europe/Madrid"));
        assertThat(SendTimes.at(trip("2027-06-01"), DAY_BEFORE_AT_NINE, zone))
                .hasValue(Instant.parse("2027-05-31T07:00:00Z")); // 09:00 CEST, UTC+2
        assertThat(SendTimes.at(JSON.readTree("{\"trip\":{\"starts\":\"2027-06-01T08:30:00-04:00\"}}"),
                twoHoursBefore, zone)).hasValue(Instant.parse("2027-06-01T10:30:00Z"));
    }

    @Test
    void noUsableDateOrZoneFallsBack() throws Exception {
        assertThat(SendTimes.at(JSON.readTree("{}"), DAY_BEFORE_AT_NINE, NEW_YORK)).isEmpty();
        assertThat(SendTimes.at(trip("next tuesday"), DAY_BEFORE_AT_NINE, NEW_YORK)).isEmpty();
        assertThat(SendTimes.zoneOf(JSON.readTree("{\"timezone\":\"Mars/Olympus\"}"), NEW_YORK)).isEqualTo(NEW_YORK);
        assertThat(SendTimes.zoneOf(null, NEW_YORK)).isEqualTo(NEW_YORK);
    }

    @Test
    void aDelayCountsFromTheEventsTimeAndNeverFromATimeToCome() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Duration twoHours = Duration.ofHours(2);

        assertThat(SendTimes.afterEvent("2026-12-04T11:30:00Z", twoHours, now))
                .isEqualTo(Instant.parse("2026-12-04T13:30:00Z"));
        assertThat(SendTimes.afterEvent("2026-12-04T06:30:00-05:00", twoHours, now))
                .isEqualTo(Instant.parse("2026-12-04T13:30:00Z"));
        assertThat(SendTimes.afterEvent("2026-12-04T09:00:00Z", twoHours, now)).isBefore(now); // at once
        assertThat(SendTimes.afterEvent("2026-12-04T15:00:00Z", twoHours, now)).isEqualTo(now.plus(twoHours));
        assertThat(SendTimes.afterEvent(null, twoHours, now)).isEqualTo(now.plus(twoHours));
        assertThat(SendTimes.afterEvent("yesterday", twoHours, now)).isEqualTo(now.plus(twoHours));
    }
}
