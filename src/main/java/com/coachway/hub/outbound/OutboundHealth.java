package com.coachway.hub.outbound;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code outbound}: each destination is {@code off} (no base URL: its work stays
 * queued), {@code disabled} (switched off: its pushes are skipped) or shows its circuit ({@code CLOSED},
 * {@code OPEN}, {@code HALF_OPEN}). The hub stays UP while a downstream system is down: restarting the hub would not
 * bring it back, and its pushes wait safely.
 */
@Component("outbound")
class OutboundHealth implements HealthIndicator {

    private final OutboundProperties properties;
    private final OutboundCircuits circuits;

    OutboundHealth(OutboundProperties properties, OutboundCircuits circuits) {
        this.properties = properties;
        this.circuits = circuits;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        circuits.states().forEach((destination, state) -> {
            OutboundProperties.Destination target = properties.destinations().get(destination);
            details.put(destination, target.pushes() ? state.name() : target.waiting() ? "off" : "disabled");
        });
        return Health.up().withDetails(details).build();
    }
}
