package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SmoothRoundRobinTest {

    @Test
    void weightsTwoOneOneSplitFourHundredExactlyAndInterleave() {
        int[] weights = {2, 1, 1};
        long[] scores = new long[3];
        int[] counts = new int[3];
        List<Integer> firstFour = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int pick = SmoothRoundRobin.pick(weights, scores);
            counts[pick]++;
            if (i < 4) {
                firstFour.add(pick);
            }
        }
        assertThat(counts).containsExactly(200, 100, 100);
        // smooth: the heavy agent does not get two in a row at the start
        assertThat(firstFour).containsExactly(0, 1, 2, 0);
    }

    @Test
    void sameScoresGiveTheSamePickEverywhere() {
        long[] here = {3, -2, 0};
        long[] there = {3, -2, 0};
        int[] weights = {1, 5, 2};
        for (int i = 0; i < 50; i++) {
            assertThat(SmoothRoundRobin.pick(weights, here)).isEqualTo(SmoothRoundRobin.pick(weights, there));
        }
        assertThat(here).containsExactly(there);
    }

    @Test
    void scoresStayBoundedOverALongRun() {
        int[] weights = {7, 3};
        long[] scores = new long[2];
        for (int i = 0; i < 100_000; i++) {
            SmoothRoundRobin.pick(weights, scores);
            assertThat(Math.abs(scores[0])).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void aSingleCandidateAlwaysWins() {
        long[] scores = {0};
        assertThat(SmoothRoundRobin.pick(new int[]{4}, scores)).isZero();
        assertThat(scores[0]).isZero();
    }

    @Test
    void refusesMismatchedInput() {
        assertThatThrownBy(() -> SmoothRoundRobin.pick(new int[0], new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmoothRoundRobin.pick(new int[]{1}, new long[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
