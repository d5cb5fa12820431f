package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Password guessing over HTTP Basic: three wrong passwords in a row here (five by default), then the next try waits,
 * 2 s here, doubling to at most 4 s, and is refused before its password is checked, whoever sends it from that
 * address; others are not held up.
 */
@TestPropertySource(properties = {"hub.security.login-throttle.max-failures=3",
        "hub.security.login-throttle.lockout=PT2S", "hub.security.login-throttle.max-lockout=PT4S"})
class LoginThrottleTest extends HubIntegrationTest {

    private static final String PATH = "/api/v1/notifications";

    @Autowired
    private MeterRegistry meters;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private int status(String user, String password) {
        return get(PATH, "Authorization", basic(user, password)).statusCode();
    }

    @Test
    void wrongPasswordsInARowMakeTheNextTryWaitAndThenStartAfresh() {
        for (int i = 0; i < 3; i++) {
            assertThat(status("analyst", "guess-" + i)).as("guess " + i).isEqualTo(401);
        }

        // even the right password waits: it is not checked
        HttpResponse<String> held = get(PATH, "Authorization", basic("analyst", "analyst-password"));
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(held.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(json(held.body()).get("type").asText()).endsWith("/too-many-sign-ins");
        assertThat(json(held.body()).get("detail").asText()).contains("try again in");
        assertThat(meters.find("hub.signins.held").tags("via", "basic").counter()).isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isEqualTo(1));
        // another user from the same address, and a key, go on as before
        assertThat(status("ops", "ops-password")).isEqualTo(200);
        assertThat(get(PATH, "Authorization", "Bearer " + OPS_KEY).statusCode()).isEqualTo(200);

        // once the wait is over the right password works, and the count starts again from nothing
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> status("analyst", "analyst-password") == 200);
        assertThat(status("analyst", "guess-again")).isEqualTo(401);
        assertThat(status("analyst", "analyst-password")).isEqualTo(200);
    }

    @Test
    void eachFailureAfterTheLimitDoublesTheWaitUpToItsMaximum() {
        for (int i = 0; i < 3; i++) {
            assertThat(status("admin", "guess-" + i)).isEqualTo(401);
        }
        assertThat(retryAfter("admin", "admin-password")).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("admin", "guess-3") == 401);

        // the fourth failure in a row: twice the first wait, which is also the longest
        assertThat(retryAfter("admin", "admin-password")).isBetween(3, 4);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> status("admin", "admin-password") == 200);
    }

    private int retryAfter(String user, String password) {
        HttpResponse<String> held = get(PATH, "Authorization", basic(user, password));
        assertThat(held.statusCode()).isEqualTo(429);
        return Integer.parseInt(held.headers().firstValue("Retry-After").orElseThrow());
    }
}
