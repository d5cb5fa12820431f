package com.coachway.hub.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class QuietHoursTest {

    @Test
    void quietHoursMoveAReminderToTheirEndOnTheRecipientsClock() {
        QuietHours night = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

        // 23:00 EST on 10 January is 04:00Z on the 11th: held until 08:00 EST the next morning
        assertThat(night.after(Instant.parse("2027-01-11T04:00:00Z"), ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2027-01-11T13:00:00Z"));
        // 05:00 is still night: the same morning at 08:00
        assertThat(night.after(Instant.parse("2027-01-11T10:00:00Z"), ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2027-01-11T13:00:00Z"));
        // noon goes at once
        assertThat(night.after(Instant.parse("2027-01-11T17:00:00Z"), ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2027-01-11T17:00:00Z"));
        // a quiet afternoon that does not span midnight
        QuietHours siesta = new QuietHours(LocalTime.of(14, 0), LocalTime.of(16, 0));
        assertThat(siesta.after(Instant.parse("2027-06-01T13:30:00Z"), ZoneId.of("Europe/Madrid")))
                .isEqualTo(Instant.parse("2027-06-01T14:00:00Z"));
    }

    @Test
    void theEdgesBelongWhereTheySay() {
        QuietHours night = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
        assertThat(night.holds(LocalTime.of(21, 0))).isTrue();
        assertThat(night.holds(LocalTime.of(7, 59))).isTrue();
        assertThat(night.holds(LocalTime.of(8, 0))).isFalse();
        assertThat(night.holds(LocalTime.of(20, 59))).isFalse();
    }
}
