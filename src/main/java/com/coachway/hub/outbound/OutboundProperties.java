package com.coachway.hub.outbound;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import com.coachway.hub.http.HttpUrls;
import com.coachway.hub.settings.PositiveDuration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

/**
 * Downstream systems under {@code hub.outbound}: {@code charter}, {@code vendor} and {@code change}, each off (its
 * pushes wait) until its base URL is set, or switched off for good ({@code enabled: false}), and the circuit breaker
 * every destination gets.
 *
 * @param charter the charter system
 * @param vendor the vendor system
 * @param change the change-management system
 * @param breaker circuit breaker settings, the same for each destination
 */
@Validated
@ConfigurationProperties("hub.outbound")
record OutboundProperties(@DefaultValue @Valid Destination charter, @DefaultValue @Valid Destination vendor,
        @DefaultValue @Valid Destination change, @DefaultValue @Valid Breaker breaker) {

    /** The destinations by name, in a fixed order. */
    public Map<String, Destination> destinations() {
        Map<String, Destination> all = new LinkedHashMap<>();
        all.put("charter", charter);
        all.put("vendor", vendor);
        all.put("change", change);
        return all;
    }

    /** Why nothing is pushed to {@code destination} while its base URL is unset. */
    static String offReason(String destination) {
        return "pushes to " + destination + " are off (hub.outbound." + destination + ".base-url is not set)";
    }

    /** Why a push to {@code destination} was skipped: there is no such system to push to. */
    static String switchedOffReason(String destination) {
        return "pushes to " + destination + " are switched off (hub.outbound." + destination + ".enabled=false)";
    }

    /**
     * One downstream system.
     *
     * @param baseUrl where {@code POST {base-url}/events} goes; unset = pushes to it are off (work stays queued)
     * @param authHeader {@code Name: value}, or just a value for {@code Authorization}
     * @param connectTimeout longest wait for a connection
     * @param readTimeout longest wait for the answer
     * @param enabled false where there is no such system: its pushes are recorded as skipped and never sent, instead
     *            of waiting in its queue for a base URL that will never come (a queue that only grows)
     */
    public record Destination(String baseUrl, String authHeader,
            @DefaultValue("PT2S") @PositiveDuration Duration connectTimeout,
            @DefaultValue("PT10S") @PositiveDuration Duration readTimeout, @DefaultValue("true") boolean enabled) {

        public Destination {
            // caught at start, not as every push parked with a connection error
            if (baseUrl != null && !baseUrl.isBlank() && !HttpUrls.isBase(baseUrl)) {
                throw new IllegalArgumentException("base-url '" + baseUrl
                        + "' is not an absolute http(s) URL such as https://charter.example.com/hub");
            }
        }

        /** Whether it has a base URL to push to. */
        public boolean configured() {
            return baseUrl != null && !baseUrl.isBlank();
        }

        /** Whether its pushes are sent: wanted, and somewhere to send them. */
        public boolean pushes() {
            return enabled && configured();
        }

        /** Whether its pushes wait in their queue for a base URL. */
        public boolean waiting() {
            return enabled && !configured();
        }
    }

    /**
     * Circuit breaker settings.
     *
     * @param failureRate percentage of failed calls (5xx, timeouts, refused) that opens the circuit
     * @param window how many recent calls the rate is computed over
     * @param minimumCalls calls needed before the rate counts
     * @param openFor how long the circuit stays open before a trial call
     * @param trialCalls calls let through while half open
     */
    public record Breaker(@DefaultValue("50") @Positive @Max(100) float failureRate,
            @DefaultValue("10") @Positive int window, @DefaultValue("5") @Positive int minimumCalls,
            @DefaultValue("PT30S") @PositiveDuration Duration openFor, @DefaultValue("1") @Positive int trialCalls) {
    }
}
