package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypePatternTest {

    @ParameterizedTest
    @CsvSource({
            "charter.confirmed, charter.confirmed, true",
            "charter.confirmed, charter.confirmed.late, false",
            "change.case.*, change.case.approved, true",
            "change.case.*, change.case, false",
            "change.case.*, change.case.a.b, false",
            "change.#, change, true",
            "change.#, change.case.approved, true",
            "#.approved, change.case.approved, true",
            "#, anything.at.all, true",
            "*.bid.*, vendor.bid.accepted, true",
            "*.bid.*, vendor.offer.accepted, false"})
    void matchesLikeAnAmqpTopicBinding(String pattern, String type, boolean matches) {
        assertThat(new TypePattern(pattern).matches(type)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource({"'', true", "a..b, true", "a.b*, true", "a b, true", "change.case.*, false", "#, false"})
    void invalidPatternsAreNamed(String pattern, boolean invalid) {
        assertThat(TypePattern.problem(pattern) != null).isEqualTo(invalid);
    }
}
