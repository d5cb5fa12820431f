package com.coachway.hub.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password guessing under {@code hub.security.login-throttle}.
 *
 * @param maxFailures failed sign-ins in a row for one user from one address before the next must wait; from one
 *        address whatever the user, four times as many
 * @param lockout the first wait; each further failure doubles it
 * @param maxLockout the longest wait; failures are forgotten after twice that without one
 */
@ConfigurationProperties("hub.security.login-throttle")
record LoginThrottleProperties(@DefaultValue("5") int maxFailures, @DefaultValue("PT1M") Duration lockout,
        @DefaultValue("PT15M") Duration maxLockout) {

    LoginThrottleProperties {
        if (maxFailures < 1) {
            throw new IllegalStateException("hub.security.login-throttle.max-failures must be at least 1");
        }
        if (lockout.isNegative() || lockout.isZero() || maxLockout.compareTo(lockout) < 0) {
            throw new IllegalStateException("hub.security.login-throttle: lockout must be positive and no longer "
                    + "than max-lockout");
        }
    }
}
