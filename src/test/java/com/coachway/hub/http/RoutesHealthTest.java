package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** Readiness follows the routes: out of service before they start and after they stop, up in between. */
class RoutesHealthTest {

    @Test
    void outOfServiceWhileTheRoutesAreNotStarted() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RoutesHealth health = new RoutesHealth(camel);
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            camel.start();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            camel.stop();
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        }
    }
}
