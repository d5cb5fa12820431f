package com.coachway.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** The day of a trip still to come, as a trip.reminder must name: the hub refuses one for a day gone by. */
final class TripDates {

    static final String UPCOMING = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();

    private TripDates() {
    }
}
