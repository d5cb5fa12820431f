package com.coachway.hub.outbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One Resilience4j circuit breaker per destination. A failed push (5xx, 408, 429, timeout, refused) counts against
 * it, a 4xx answer does not (the destination is up, the request was wrong). When a circuit opens, calls are refused
 * with {@code CallNotPermittedException} and the listeners hear of it, so the consumer can stop taking messages;
 * after {@code openFor} the circuit lets a trial call through on its own.
 */
@Component
class OutboundCircuits {

    private static final Logger log = LoggerFactory.getLogger(OutboundCircuits.class);

    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final List<BiConsumer<String, CircuitBreaker.State>> listeners = new CopyOnWriteArrayList<>();
    // when each circuit left CLOSED, until it closes again: a trial that fails keeps the first time
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();

    OutboundCircuits(OutboundProperties properties) {
        OutboundProperties.Breaker settings = properties.breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRate())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.trialCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
        for (String destination : properties.destinations().keySet()) {
            CircuitBreaker breaker = registry.circuitBreaker("outbound-" + destination);
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.State to = event.getStateTransition().getToState();
                log.warn("Circuit of {} is now {} (was {})", destination, to,
                        event.getStateTransition().getFromState());
                if (to == CircuitBreaker.State.CLOSED) {
                    downSince.remove(destination);
                } else {
                    downSince.putIfAbsent(destination, event.getCreationTime().toInstant());
                }
                listeners.forEach(listener -> listener.accept(destination, to));
            });
            breakers.put(destination, breaker);
        }
    }

    CircuitBreaker breaker(String destination) {
        CircuitBreaker breaker = breakers.get(destination);
        if (breaker == null) {
            throw new IllegalArgumentException("no destination " + destination);
        }
        return breaker;
    }

    /** Whether a circuit in {@code state} lets no call through (open, or forced open by hand). */
    static boolean open(CircuitBreaker.State state) {
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** Whether the circuit of {@code destination} lets no call through now. */
    boolean open(String destination) {
        return open(breaker(destination).getState());
    }

    /** The state of each destination's circuit. */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> states = new LinkedHashMap<>();
        breakers.forEach((destination, breaker) -> states.put(destination, breaker.getState()));
        return states;
    }

    /** When the circuit of {@code destination} opened (on this instance), while it is not closed. */
    Optional<Instant> downSince(String destination) {
        return Optional.ofNullable(downSince.get(destination));
    }

    /** Tells {@code listener} of every change of a circuit's state, on the thread that caused it. */
    public void onStateChange(BiConsumer<String, CircuitBreaker.State> listener) {
        listeners.add(listener);
    }
}
