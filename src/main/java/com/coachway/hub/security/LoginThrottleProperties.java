package com.coachway.hub.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.settings.PositiveDuration;

import jakarta.validation.constraints.Positive;

/**
 * Password guessing under {@code hub.security.login-throttle}.
 *
 * @param maxFailures failed sign-ins in a row for one user from one address before the next must wait; from one
 *        address whatever the user, four times as many
 * @param lockout the first wait; each further failure doubles it
 * @param maxLockout the longest wait; failures are forgotten after twice that without one
 */
@Validated
@ConfigurationProperties("hub.security.login-throttle")
record LoginThrottleProperties(@DefaultValue("5") @Positive int maxFailures,
        @DefaultValue("PT1M") @PositiveDuration Duration lockout,
        @DefaultValue("PT15M") @PositiveDuration Duration maxLockout) {

    LoginThrottleProperties {
        if (maxLockout.compareTo(lockout) < 0) {
            throw new IllegalStateException("hub.security.login-throttle.lockout must be no longer than max-lockout");
        }
    }
}
