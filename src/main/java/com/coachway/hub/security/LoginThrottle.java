package com.coachway.hub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Slows down password guessing at HTTP Basic and the console's login form. After {@code max-failures} wrong
 * passwords in a row for one user from one client address, that pair must wait before its next try (one minute,
 * doubling with each further failure up to fifteen); one address trying many users is held the same way after four
 * times as many, until someone from it signs in. A try that must wait is refused before the password is checked, so
 * guessing also stops costing the hub a bcrypt hash each time. Keyed by address as well as user, so a stranger's
 * guesses do not lock the real person out; behind the proxy the address is the client's
 * (server.forward-headers-strategy). API keys are long random secrets and are not counted. Kept per instance, in a
 * bounded cache: two instances allow twice the tries.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_KEYS = 100_000;
    private static final int ADDRESS_FACTOR = 4;

    /** Failures in a row for one key, and until when its next try must wait. */
    private record Failures(int count, Instant waitUntil) {
    }

    private final LoginThrottleProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    @Autowired
    LoginThrottle(LoginThrottleProperties properties, MeterRegistry meters) {
        this(properties, meters, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleProperties properties, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.failures = Caffeine.newBuilder()
                .maximumSize(MAX_KEYS)
                .expireAfterWrite(properties.maxLockout())
                .build();
    }

    /** How long a try of {@code user} from {@code address} must still wait, if it must. */
    Optional<Duration> wait(String user, String address) {
        Instant now = clock.instant();
        Instant until = later(waitUntil(userKey(user, address)), waitUntil(addressKey(address)));
        return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    void failed(String user, String address) {
        meters.counter("hub.signins.failed").increment();
        count(userKey(user, address), properties.maxFailures(), "user '" + printable(user) + "' from " + address);
        count(addressKey(address), properties.maxFailures() * ADDRESS_FACTOR, "any user from " + address);
    }

    /** A try that had to wait was refused; {@code via} is {@code basic} or {@code form}. */
    void held(String via) {
        meters.counter("hub.signins.held", "via", via).increment();
    }

    /** Someone from {@code address} knew a password: that address and that user start afresh. */
    void succeeded(String user, String address) {
        failures.invalidate(userKey(user, address));
        failures.invalidate(addressKey(address));
    }

    @EventListener
    void on(AuthenticationFailureBadCredentialsEvent event) {
        signIn(event.getAuthentication()).ifPresent(who -> failed(who.user(), who.address()));
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        signIn(event.getAuthentication()).ifPresent(who -> succeeded(who.user(), who.address()));
    }

    private record SignIn(String user, String address) {
    }

    /** A user name and password from a web request (HTTP Basic, the login form); nothing else is counted. */
    private static Optional<SignIn> signIn(Authentication authentication) {
        if (authentication instanceof UsernamePasswordAuthenticationToken
                && authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null) {
            return Optional.of(new SignIn(authentication.getName(), details.getRemoteAddress()));
        }
        return Optional.empty();
    }

    private void count(String key, int allowed, String who) {
        Instant now = clock.instant();
        Failures next = failures.asMap().compute(key, (k, before) -> {
            int count = before == null ? 1 : before.count() + 1;
            if (count < allowed) {
                return new Failures(count, null);
            }
            long doublings = Math.min(count - allowed, 20);
            Duration wait = properties.lockout().multipliedBy(1L << doublings);
            return new Failures(count, now.plus(wait.compareTo(properties.maxLockout()) > 0
                    ? properties.maxLockout()
                    : wait));
        });
        if (next.waitUntil() != null) {
            log.warn("{} failed sign-ins in a row for {}: the next try waits until {}", next.count(), who,
                    next.waitUntil());
        }
    }

    private Instant waitUntil(String key) {
        Failures found = failures.getIfPresent(key);
        return found == null ? null : found.waitUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** A name as typed, safe for one log line: no control characters (no forged lines), and not too long. */
    static String printable(String user) {
        String flat = user.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 64 ? flat.substring(0, 64) + "…" : flat;
    }

    private static String userKey(String user, String address) {
        return "user\u0000" + user.toLowerCase(Locale.ROOT) + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "address\u0000" + address;
    }
}
