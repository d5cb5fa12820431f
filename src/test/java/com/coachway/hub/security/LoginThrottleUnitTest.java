package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The throttle's counting, on a clock the test moves. */
class LoginThrottleUnitTest {

    private Instant now = Instant.parse("2026-12-04T03:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottleProperties(5, Duration.ofMinutes(1), Duration.ofMinutes(15)), meters, clock);

    @Test
    void fiveFailuresForOneUserFromOneAddressMakeItWaitOneMinuteThenDoubling() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", "203.0.113.7");
        }
        assertThat(throttle.wait("ops", "203.0.113.7")).isEmpty();
        throttle.failed("OPS", "203.0.113.7"); // user names are not case-sensitive

        assertThat(throttle.wait("ops", "203.0.113.7")).hasValue(Duration.ofMinutes(1));
        assertThat(meters.counter("hub.signins.failed").count()).isEqualTo(5);
        assertThat(throttle.wait("ops", "198.51.100.2")).as("another address").isEmpty();
        assertThat(throttle.wait("admin", "203.0.113.7")).as("another user").isEmpty();

        for (int failure = 6, minutes = 2; failure <= 10; failure++, minutes = Math.min(minutes * 2, 15)) {
            now = now.plus(throttle.wait("ops", "203.0.113.7").orElseThrow());
            throttle.failed("ops", "203.0.113.7");
            assertThat(throttle.wait("ops", "203.0.113.7")).as("failure " + failure)
                    .hasValue(Duration.ofMinutes(minutes));
        }
    }

    @Test
    void oneAddressTryingManyUsersWaitsAfterFourTimesAsManyUntilSomeoneSignsIn() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i, "203.0.113.7");
        }
        assertThat(throttle.wait("someone", "203.0.113.7")).isEmpty();
        throttle.failed("user19", "203.0.113.7");

        assertThat(throttle.wait("someone", "203.0.113.7")).hasValue(Duration.ofMinutes(1));
        throttle.succeeded("ops", "203.0.113.7");
        assertThat(throttle.wait("someone", "203.0.113.7")).isEmpty();
    }

    @Test
    void aSignInClearsItsUsersCountAndFailuresAreForgottenAfterTheLongestWait() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", "203.0.113.7");
        }
        throttle.succeeded("ops", "203.0.113.7");
        throttle.failed("ops", "203.0.113.7");
        assertThat(throttle.wait("ops", "203.0.113.7")).isEmpty();

        for (int i = 0; i < 5; i++) {
            throttle.failed("analyst", "203.0.113.7");
        }
        now = now.plus(Duration.ofMinutes(1));
        assertThat(throttle.wait("analyst", "203.0.113.7")).isEmpty();
    }

    @Test
    void aNameIsLoggedOnOneLine() {
        assertThat(LoginThrottle.printable("ops\n2026-12-04 INFO forged")).isEqualTo("ops?2026-12-04 INFO forged");
        assertThat(LoginThrottle.printable("x".repeat(100))).hasSize(65);
    }
}
