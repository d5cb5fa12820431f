package com.coachway.hub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetentionPropertiesTest {

    private static final Duration D90 = Duration.ofDays(90);

    @Test
    void aDedupeKeyMayNotGoBeforeItsPayload() {
        assertThatThrownBy(() -> new RetentionProperties(D90, D90, D90, D90, Duration.ofDays(30), 1000, "0 0 3 * * ?"))
                .hasMessageContaining("hub.retention.dedupe");
    }

    @Test
    void theCronReachesTheRouteWithoutSpaces() {
        assertThat(new RetentionProperties(D90, D90, D90, D90, D90, 10, "0 30 3 * * ?").routeSettings())
                .containsEntry("route.retention.cron", "0+30+3+*+*+?");
    }
}
