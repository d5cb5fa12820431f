package com.coachway.hub.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;
import com.coachway.hub.Sha256;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Slows down password guessing at HTTP Basic and the console's login form. After {@code max-failures} wrong
 * passwords in a row for one user from one client address, that pair must wait before its next try (one minute,
 * doubling with each further failure up to fifteen); one address trying many users is held the same way after four
 * times as many, until someone from it signs in. A try that must wait is refused before the password is checked, so
 * guessing also stops costing the hub a bcrypt hash each time. Keyed by address as well as user, so a stranger's
 * guesses do not lock the real person out; behind the proxy the address is the client's
 * (server.forward-headers-strategy). API keys are long random secrets and are not counted. The counts live in
 * PostgreSQL ({@code signin_failures}, under a hash of the key), so every instance holds the same guesser back; while
 * the database cannot be reached, tries are let through to the password check (a WARN says so), as the other
 * instances' counts cannot be read either.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int ADDRESS_FACTOR = 4;

    private final LoginThrottleProperties properties;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile Instant lastUnreadWarning;

    @Autowired
    LoginThrottle(LoginThrottleProperties properties, JdbcClient jdbc, MeterRegistry meters) {
        this(properties, jdbc, meters, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleProperties properties, JdbcClient jdbc, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /** How long a try of {@code user} from {@code address} must still wait, if it must. */
    Optional<Duration> wait(String user, String address) {
        Instant now = clock.instant();
        Map<String, Integer> allowed = new HashMap<>();
        allowed.put(userKey(user, address), properties.maxFailures());
        allowed.put(addressKey(address), properties.maxFailures() * ADDRESS_FACTOR);
        try {
            Instant until = jdbc.sql("""
                    SELECT key, failures, last_failure FROM signin_failures
                    WHERE key IN (:keys) AND last_failure > :forgotten
                    """)
                    .param("keys", List.copyOf(allowed.keySet()))
                    .param("forgotten", Timestamp.from(now.minus(memory())))
                    .query((rs, row) -> waitUntil(rs.getInt("failures"), allowed.get(rs.getString("key")),
                            Rows.instant(rs, "last_failure")))
                    .list().stream().filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
            return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
        } catch (DataAccessException e) {
            // once a minute, not at every request of an outage
            Instant warned = lastUnreadWarning;
            if (warned == null || !now.isBefore(warned.plus(Duration.ofMinutes(1)))) {
                lastUnreadWarning = now;
                log.warn("Failed sign-ins cannot be read ({}): tries go on to the password check unthrottled",
                        e.getMessage());
            }
            return Optional.empty();
        }
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
        try {
            jdbc.sql("DELETE FROM signin_failures WHERE key IN (:keys)")
                    .param("keys", List.of(userKey(user, address), addressKey(address)))
                    .update();
        } catch (DataAccessException e) {
            log.warn("Failed sign-ins of '{}' from {} cannot be cleared: {}", printable(user), address,
                    e.getMessage());
        }
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

    /**
     * One more failure in a row for {@code key}, in one statement however many instances count at once; a count
     * whose last failure is older than {@link #memory()} starts again from one.
     */
    private void count(String key, int allowed, String who) {
        Instant now = clock.instant();
        Timestamp forgotten = Timestamp.from(now.minus(memory()));
        try {
            int failures = jdbc.sql("""
                    INSERT INTO signin_failures AS f (key, failures, last_failure) VALUES (:key, 1, :now)
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN f.last_failure > :forgotten THEN f.failures + 1 ELSE 1 END,
                        last_failure = :now
                    RETURNING failures
                    """)
                    .param("key", key)
                    .param("now", Timestamp.from(now))
                    .param("forgotten", forgotten)
                    .query(Integer.class)
                    .single();
            // what nobody failed at for that long is forgotten; deleted by whichever failure comes next
            jdbc.sql("DELETE FROM signin_failures WHERE last_failure <= :forgotten").param("forgotten", forgotten)
                    .update();
            Instant until = waitUntil(failures, allowed, now);
            if (until != null) {
                log.warn("{} failed sign-ins in a row for {}: the next try waits until {}", failures, who, until);
            }
        } catch (DataAccessException e) {
            log.warn("A failed sign-in for {} cannot be counted: {}", who, e.getMessage());
        }
    }

    /**
     * How long failures are remembered after the last: twice the longest wait, so a guesser who tries again each time
     * a wait is over stays at the longest, and the real person is forgotten soon after.
     */
    private Duration memory() {
        return properties.maxLockout().multipliedBy(2);
    }

    /**
     * Until when the next try must wait after {@code failures} in a row, the last at {@code last}: from the
     * {@code allowed}-th on, the lockout, doubled for each failure past it, at most the longest wait; null before.
     */
    private Instant waitUntil(int failures, int allowed, Instant last) {
        if (failures < allowed) {
            return null;
        }
        long doublings = Math.min(failures - allowed, 20);
        Duration wait = properties.lockout().multipliedBy(1L << doublings);
        return last.plus(wait.compareTo(properties.maxLockout()) > 0 ? properties.maxLockout() : wait);
    }

    /** A name as typed, safe for one log line: no control characters (no forged lines), and not too long. */
    static String printable(String user) {
        String flat = user.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 64 ? flat.substring(0, 64) + "…" : flat;
    }

    // hashed: what is typed into the user field (sometimes a password) is never stored
    private static String userKey(String user, String address) {
        return Sha256.hex("user\u0000" + user.toLowerCase(Locale.ROOT) + "\u0000" + address);
    }

    private static String addressKey(String address) {
        return Sha256.hex("address\u0000" + address);
    }
}
