package com.coachway.hub.outbound;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The Camel side of the outbound consumers ({@code outbound.<destination>}, declared with {@code autoStartup:
 * false}): starts the consumer of each configured or switched-off destination, leaves the others off (their work
 * stays queued), and follows the circuit breakers: an open circuit suspends the consumer, so messages wait in the
 * queue instead of cycling, and a half-open or closed one resumes it.
 */
@Component
class OutboundRoutes implements CamelContextConfiguration, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboundRoutes.class);

    private final OutboundProperties properties;
    private final OutboundCircuits circuits;
    // route control waits for in-flight exchanges: never on the consumer thread that tripped the circuit
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbound-circuit-control");
        thread.setDaemon(true);
        return thread;
    });

    OutboundRoutes(OutboundProperties properties, OutboundCircuits circuits) {
        this.properties = properties;
        this.circuits = circuits;
    }

    static String routeId(String destination) {
        return "outbound." + destination;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before the routes exist
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        properties.destinations().forEach((destination, target) -> {
            if (target.waiting()) {
                log.warn("{}: its work stays queued until it is set (or set hub.outbound.{}.enabled=false if there is "
                        + "no such system)", OutboundProperties.offReason(destination), destination);
                return;
            }
            try {
                camelContext.getRouteController().startRoute(routeId(destination));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the consumer of " + destination, e);
            }
            if (target.pushes()) {
                log.info("Pushes to {} go to {}", destination, target.baseUrl());
            } else {
                // consumed all the same, so its queue is emptied, each push recorded
                log.info("{}: each is recorded as skipped, never sent", OutboundProperties.switchedOffReason(
                        destination));
            }
        });
        circuits.onStateChange((destination, state) -> {
            if (!properties.destinations().get(destination).pushes()) {
                return;
            }
            control.execute(() -> follow(camelContext, destination, state));
        });
    }

    private void follow(CamelContext camelContext, String destination, CircuitBreaker.State state) {
        String routeId = routeId(destination);
        try {
            if (OutboundCircuits.open(state)) {
                camelContext.getRouteController().suspendRoute(routeId);
                log.warn("Consumer of {} suspended while its circuit is open: pushes wait in the queue",
                        destination);
            } else if (camelContext.getRouteController().getRouteStatus(routeId).isSuspended()) {
                camelContext.getRouteController().resumeRoute(routeId);
                log.info("Consumer of {} resumed (circuit {})", destination, state);
            }
        } catch (Exception e) {
            log.error("Cannot follow the circuit of {} ({}) with its consumer", destination, state, e);
        }
    }

    @Override
    public void destroy() {
        control.shutdownNow();
    }
}
