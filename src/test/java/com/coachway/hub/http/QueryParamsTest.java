package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coachway.hub.problem.FieldError;

class QueryParamsTest {

    private static final ZoneId BOSTON = ZoneId.of("America/New_York");

    @Test
    void aDayAskedForByItsDateIsTheWholeDayOnTheCompanysClock() {
        List<FieldError> errors = new ArrayList<>();

        QueryParams.Period day = QueryParams.period(Map.of("since", "2026-12-01", "until", "2026-12-01"), BOSTON,
                errors);

        assertThat(errors).isEmpty();
        assertThat(day.since()).isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
        assertThat(day.until()).isEqualTo(Instant.parse("2026-12-02T05:00:00Z"));
        // the day the clocks go back has 25 hours
        QueryParams.Period longDay = QueryParams.period(Map.of("since", "2026-11-01", "until", "2026-11-01"), BOSTON,
                errors);
        assertThat(Duration.between(longDay.since(), longDay.until())).isEqualTo(Duration.ofHours(25));
        assertThat(QueryParams.period(Map.of("since", "2026-12-01"), ZoneOffset.UTC, errors).since())
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void aTimestampIsThatMomentAtEitherEnd() {
        List<FieldError> errors = new ArrayList<>();

        QueryParams.Period hour = QueryParams.period(Map.of("since", "2026-12-01T09:00:00+01:00", "until",
                "2026-12-01T10:00:00Z"), BOSTON, errors);

        assertThat(errors).isEmpty();
        assertThat(hour.since()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(hour.until()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(QueryParams.period(Map.of("until", "2026-12-01T00:00:00Z"), BOSTON, errors).until())
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void aRangeTurnedRoundOrUnreadableIsNamed() {
        List<FieldError> turned = new ArrayList<>();
        QueryParams.period(Map.of("since", "2026-12-02", "until", "2026-12-01"), BOSTON, turned);
        assertThat(turned).containsExactly(new FieldError("until", "must be later than since"));

        List<FieldError> unreadable = new ArrayList<>();
        QueryParams.Period none = QueryParams.period(Map.of("since", "yesterday", "until", "2026-13-01"), BOSTON,
                unreadable);
        assertThat(unreadable).extracting(FieldError::field).containsExactly("since", "until");
        assertThat(none.since()).isNull();
        assertThat(none.until()).isNull();
    }
}
