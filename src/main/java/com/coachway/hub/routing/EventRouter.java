package com.coachway.hub.routing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.ingress.IngressEvent;
import com.coachway.hub.ingress.IngressResult;
import com.coachway.hub.ingress.IngressService;
import com.coachway.hub.messaging.DurablePublisher;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Routes one accepted event, once: lock its ledger row, publish the work messages its plan names (saying first which
 * pushes they hold, {@link PushesPlanned}), mark it routed, all in one database transaction. The row is marked only
 * after the broker confirmed every work message; a crash in between leaves it {@code accepted}, so the redelivered
 * event is routed again (at-least-once, deterministic message ids), and a redelivery of an event already routed is
 * acknowledged without publishing anything.
 */
@Component
class EventRouter {

    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    private final RoutingPlanner planner;
    private final RoutingLedger ledger;
    private final DurablePublisher publisher;
    private final IngressService ingress;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;

    EventRouter(RoutingPlanner planner, RoutingLedger ledger, DurablePublisher publisher, IngressService ingress,
            TransactionTemplate transactions, ApplicationEventPublisher events, MeterRegistry meters) {
        this.ingress = ingress;
        this.events = events;
        this.planner = planner;
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** Routes the event unless it was routed before; returns the plan carried out, or null for a repeat. */
    public RoutingPlan route(RoutedEvent event) {
        RoutingPlan plan = transactions.execute(tx -> {
            OptionalLong seq = ledger.claim(event);
            if (seq.isEmpty()) {
                return null;
            }
            RoutingPlan planned = planner.plan(event, seq.getAsLong());
            List<String> destinations = planned.messages().stream().map(WorkMessage::destination)
                    .filter(Objects::nonNull).distinct().toList();
            if (!destinations.isEmpty()) {
                events.publishEvent(new PushesPlanned(destinations, event.json()));
            }
            publisher.publishAll(planned.messages().stream().map(m -> m.toOutbound(event)).toList());
            for (RoutingPlan.RaisedEvent raised : planned.raised()) {
                IngressResult result = ingress.raise(new IngressEvent(RoutingPlanner.RAISED_SOURCE, raised.id(),
                        raised.type(), raised.subject(), OffsetDateTime.now(ZoneOffset.UTC), raised.json()));
                log.info("{} {}/{} raised {} {}: {}", event.type(), event.source(), event.id(), raised.type(),
                        raised.id(), result.status());
            }
            ledger.markRouted(event, planned);
            return planned;
        });
        if (plan == null) {
            log.info("{} {}/{} was routed before; acknowledged without repeating", event.type(), event.source(),
                    event.id());
            meters.counter("hub.events.routed", "outcome", "repeat").increment();
        } else {
            log.info("{} {}/{}: rules {}, {} work message(s)", event.type(), event.source(), event.id(), plan.rules(),
                    plan.messages().size());
            meters.counter("hub.events.routed", "outcome", plan.routed() ? "routed" : "unrouted").increment();
        }
        return plan;
    }
}
