package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.coachway.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The throttle's counting in PostgreSQL, on a clock the test moves. Two throttles on one database stand for two
 * instances: what one counts holds the guesser back at the other.
 */
class LoginThrottleCountsTest extends HubIntegrationTest {

    private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
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
    // an address of its own for each test: the counts of all of them share the class's table
    private final String address = "203.0.113.7#" + UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoginThrottleProperties properties = new LoginThrottleProperties(5, Duration.ofMinutes(1),
            Duration.ofMinutes(15));
    private LoginThrottle throttle;
    private LoginThrottle other;

    @Autowired
    void throttles(JdbcClient jdbc) {
        throttle = new LoginThrottle(properties, jdbc, meters, clock);
        other = new LoginThrottle(properties, jdbc, new SimpleMeterRegistry(), clock);
    }

    @Test
    void fiveFailuresForOneUserFromOneAddressMakeItWaitOneMinuteThenDoubling() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", address);
        }
        assertThat(throttle.wait("ops", address)).isEmpty();
        throttle.failed("OPS", address); // user names are not case-sensitive

        assertThat(throttle.wait("ops", address)).hasValue(Duration.ofMinutes(1));
        assertThat(meters.counter("hub.signins.failed").count()).isEqualTo(5);
        assertThat(throttle.wait("ops", "198.51.100.2-" + address)).as("another address").isEmpty();
        assertThat(throttle.wait("admin", address)).as("another user").isEmpty();

        for (int failure = 6, minutes = 2; failure <= 10; failure++, minutes = Math.min(minutes * 2, 15)) {
            now = now.plus(throttle.wait("ops", address).orElseThrow());
            throttle.failed("ops", address);
            assertThat(throttle.wait("ops", address)).as("failure " + failure)
                    .hasValue(Duration.ofMinutes(minutes));
        }
    }

    @Test
    void oneAddressTryingManyUsersWaitsAfterFourTimesAsManyUntilSomeoneSignsIn() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i, address);
        }
        assertThat(throttle.wait("someone", address)).isEmpty();
        throttle.failed("user19", address);

        assertThat(throttle.wait("someone", address)).hasValue(Duration.ofMinutes(1));
        throttle.succeeded("ops", address);
        assertThat(throttle.wait("someone", address)).isEmpty();
    }

    @Test
    void aSignInClearsItsUsersCountAndAWaitEnds() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", address);
        }
        throttle.succeeded("ops", address);
        throttle.failed("ops", address);
        assertThat(throttle.wait("ops", address)).isEmpty();

        for (int i = 0; i < 5; i++) {
            throttle.failed("analyst", address);
        }
        now = now.plus(Duration.ofMinutes(1));
        assertThat(throttle.wait("analyst", address)).isEmpty();
    }

    @Test
    void aCountIsForgottenAfterTwiceTheLongestWaitWithoutAFailure() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("ops", address);
        }
        assertThat(throttle.wait("ops", address)).hasValue(Duration.ofMinutes(2));
        // a guesser who tries again when each wait is over stays at the longest; quiet for twice that, forgotten
        now = now.plus(Duration.ofMinutes(29));
        throttle.failed("ops", address);
        assertThat(throttle.wait("ops", address)).hasValue(Duration.ofMinutes(4));
        now = now.plus(Duration.ofMinutes(31));
        throttle.failed("ops", address);
        assertThat(throttle.wait("ops", address)).isEmpty();
        for (int i = 0; i < 3; i++) {
            throttle.failed("ops", address);
        }
        assertThat(throttle.wait("ops", address)).isEmpty();
        throttle.failed("ops", address);
        assertThat(throttle.wait("ops", address)).hasValue(Duration.ofMinutes(1));
    }

    @Test
    void twoInstancesCountTogetherSoTheSecondAllowsNoFreshGuesses() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("ops", address);
        }
        other.failed("ops", address);
        other.failed("ops", address);

        assertThat(throttle.wait("ops", address)).hasValue(Duration.ofMinutes(1));
        assertThat(other.wait("ops", address)).hasValue(Duration.ofMinutes(1));
        // the real person signing in at either clears it at both
        other.succeeded("ops", address);
        assertThat(throttle.wait("ops", address)).isEmpty();
    }

    @Test
    void whatIsTypedAsTheUserIsNeverStored() {
        throttle.failed("correct horse battery staple", address);
        assertThat(jdbc.sql("SELECT key FROM signin_failures").query(String.class).list())
                .allMatch(key -> key.matches("[0-9a-f]{64}"));
    }

    @Test
    void withoutTheDatabaseATryGoesOnToThePasswordCheck() {
        JdbcClient away = JdbcClient.create(new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:1/hub?connectTimeout=1", "postgres", ""));
        LoginThrottle cut = new LoginThrottle(properties, away, meters, clock);
        for (int i = 0; i < 6; i++) {
            cut.failed("ops", address);
        }
        assertThat(cut.wait("ops", address)).isEmpty();
        cut.succeeded("ops", address);
        assertThat(meters.counter("hub.signins.failed").count()).isEqualTo(6);
    }

    @Test
    void aNameIsLoggedOnOneLine() {
        assertThat(LoginThrottle.printable("ops\n2026-12-04 INFO forged")).isEqualTo("ops?2026-12-04 INFO forged");
        assertThat(LoginThrottle.printable("x".repeat(100))).hasSize(65);
    }
}
