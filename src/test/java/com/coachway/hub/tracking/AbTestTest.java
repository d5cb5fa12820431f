package com.coachway.hub.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AbTestTest {

    @Test
    void aKnownDifferenceGivesTheTextbookStatistic() {
        // 20 % of 1000 against 15 % of 1000: pooled 17.5 %, se 0.016993, z 2.9424, two-sided p 0.00326
        AbTest.Result result = AbTest.compare(200, 1000, 150, 1000);
        assertThat(result.decidable()).isTrue();
        assertThat(result.z()).isCloseTo(2.9424, within(0.0005));
        assertThat(result.pValue()).isCloseTo(0.00326, within(0.00002));
        assertThat(result.significant(0.05)).isTrue();
        assertThat(result.significant(0.001)).isFalse();
    }

    @Test
    void theSignFollowsTheFirstGroup() {
        assertThat(AbTest.compare(150, 1000, 200, 1000).z()).isCloseTo(-2.9424, within(0.0005));
    }

    @Test
    void aSmallDifferenceIsNotSignificant() {
        AbTest.Result result = AbTest.compare(12, 100, 10, 100);
        assertThat(result.decidable()).isTrue();
        assertThat(result.pValue()).isGreaterThan(0.5);
        assertThat(result.significant(0.05)).isFalse();
    }

    @Test
    void tooFewSuccessesOrFailuresGiveNoVerdict() {
        assertThat(AbTest.compare(4, 100, 40, 100).decidable()).isFalse();
        assertThat(AbTest.compare(98, 100, 40, 100).decidable()).isFalse();
        assertThat(AbTest.compare(0, 0, 40, 100).decidable()).isFalse();
        assertThat(AbTest.compare(5, 10, 5, 10).significant(0.05)).isFalse();
    }
}
