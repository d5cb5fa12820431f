package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Bulk consumers hold off while urgent work is about, for a bounded time, and not at all otherwise. */
class UrgentFirstTest {

    private static UrgentFirst urgentFirst(Duration window, Duration maxWait) {
        return new UrgentFirst(new MessagingProperties(QueueType.CLASSIC, Duration.ofSeconds(5),
                Duration.ofMillis(100), window, maxWait, null));
    }

    private static long millisOf(Runnable step) {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void withNoUrgentWorkBulkStartsAtOnce() {
        UrgentFirst lane = urgentFirst(Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThat(millisOf(() -> lane.arrived(false))).isLessThan(500);
    }

    @Test
    void afterAnUrgentMessageBulkWaitsForTheWindowToClose() {
        UrgentFirst lane = urgentFirst(Duration.ofMillis(800), Duration.ofSeconds(5));
        lane.arrived(true);

        assertThat(millisOf(() -> lane.arrived(false))).isBetween(600L, 3000L);
        // the window has closed: the next bulk message goes straight on
        assertThat(millisOf(() -> lane.arrived(false))).isLessThan(500);
    }

    @Test
    void bulkNeverWaitsLongerThanItsLimitPerMessage() {
        UrgentFirst lane = urgentFirst(Duration.ofSeconds(30), Duration.ofMillis(700));
        lane.arrived(true);

        assertThat(millisOf(() -> lane.arrived(false))).isBetween(600L, 3000L);
        assertThat(millisOf(() -> lane.arrived(false))).isBetween(600L, 3000L);
    }

    @Test
    void aZeroWindowTurnsItOff() {
        UrgentFirst lane = urgentFirst(Duration.ZERO, Duration.ofSeconds(5));
        lane.arrived(true);

        assertThat(millisOf(() -> lane.arrived(false))).isLessThan(500);
    }
}
