package com.coachway.hub.http;

import org.apache.camel.CamelContext;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code routes}, part of the readiness group: out of service (HTTP 503 on
 * {@code /actuator/health/readiness}) for exactly the time the API answers 503 because its routes are starting or
 * stopping (see RoutesStartedFilter), so a load balancer sends no traffic then.
 */
@Component("routes")
class RoutesHealth implements HealthIndicator {

    private final CamelContext camel;

    RoutesHealth(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        return camel.isStarted()
                ? Health.up().build()
                : Health.outOfService().withDetail("routes", "starting or stopping").build();
    }
}
