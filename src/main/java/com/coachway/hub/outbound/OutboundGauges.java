package com.coachway.hub.outbound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A downstream outage as Prometheus sees it, so an alert can page someone: an open circuit parks nothing, so
 * {@code hub_dead_letters_parked} stays at zero through it. {@code hub_outbound_circuit_open{destination}} is 1 while
 * this instance's circuit lets no push through (each instance has its own: alert on {@code max}), and
 * {@code hub_outbound_pushes_waiting{destination}} counts the pushes on their way, from the database (the same on
 * every instance; NaN while it is away).
 */
@Component
class OutboundGauges {

    private static final Logger log = LoggerFactory.getLogger(OutboundGauges.class);

    OutboundGauges(OutboundProperties properties, OutboundCircuits circuits, PushStore store, MeterRegistry meters) {
        for (String destination : properties.destinations().keySet()) {
            Gauge.builder("hub.outbound.circuit.open", circuits, c -> c.open(destination) ? 1 : 0)
                    .description("1 while the circuit of a downstream system lets no push through (on this instance)")
                    .tag("destination", destination)
                    .register(meters);
            Gauge.builder("hub.outbound.pushes.waiting", store, s -> waiting(s, destination))
                    .description("Pushes to a downstream system still on their way")
                    .tag("destination", destination)
                    .register(meters);
        }
    }

    private static double waiting(PushStore store, String destination) {
        try {
            return store.waiting(destination).count();
        } catch (DataAccessException e) {
            log.debug("Pushes waiting for {} not read: {}", destination, e.toString());
            return Double.NaN;
        }
    }
}
