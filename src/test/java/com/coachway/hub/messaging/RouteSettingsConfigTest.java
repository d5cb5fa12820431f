package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RouteSettingsConfigTest {

    @Test
    void everyFeaturesSettingsReachTheRoutesAsText() {
        RouteSettingsConfig config = new RouteSettingsConfig(List.of(() -> Map.of("route.a.delay-ms", 250L),
                () -> Map.of("route.b.zone", "America/New_York")));

        assertThat(config.settings()).containsOnly(Map.entry("route.a.delay-ms", "250"),
                Map.entry("route.b.zone", "America/New_York"));
    }

    @Test
    void aSettingGivenTwiceOrOutsideRouteStopsTheStart() {
        assertThatThrownBy(() -> new RouteSettingsConfig(List.of(() -> Map.of("route.a.x", 1),
                () -> Map.of("route.a.x", 2)))).hasMessageContaining("'route.a.x' is given twice");
        assertThatThrownBy(() -> new RouteSettingsConfig(List.of(() -> Map.of("hub.a.x", 1))))
                .hasMessageContaining("must start with 'route.'");
    }
}
