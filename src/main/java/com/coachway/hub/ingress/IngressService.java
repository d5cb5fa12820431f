package com.coachway.hub.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.WorkQueues;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Accepts events: claim (source, id) in the ledger and publish to {@code hub.events} inside one database
 * transaction. The claim commits only after the broker confirmed the publish, so an event is either accepted and on
 * its way, or not accepted at all and safe to send again.
 */
@Component
public class IngressService {

    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    static final String REPLAY = "replay";

    private final EventLedger ledger;
    private final DurablePublisher publisher;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    public IngressService(EventLedger ledger, DurablePublisher publisher, TransactionTemplate transactions,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Handles every event of a request in order. Each stands alone; infrastructure trouble aborts the rest with an
     * exception (the caller answers 503, and a resend is safe because accepted events come back as duplicates).
     */
    public List<IngressResult> handleAll(IngressRequest request, String via) {
        List<IngressResult> results = new ArrayList<>(request.candidates().size());
        for (IngressCandidate candidate : request.candidates()) {
            results.add(handle(candidate, via));
        }
        return results;
    }

    /** Accepts a valid event, or records why it was rejected. */
    public IngressResult handle(IngressCandidate candidate, String via) {
        IngressResult result = candidate.valid()
                ? accept(candidate.event(), via)
                : ledger.recordRejected(candidate, via);
        meters.counter("hub.events.ingress", "via", via, "outcome", result.status()).increment();
        return result;
    }

    /**
     * Publishes an event the hub raises itself, exactly as if a publisher had posted it: claimed in the ledger (so
     * the same id again is a duplicate) and confirmed by the broker, inside the caller's transaction when there is
     * one, so the change that raised it and the event commit or roll back together.
     */
    public IngressResult raise(IngressEvent event) {
        IngressResult result = accept(event, "internal");
        meters.counter("hub.events.ingress", "via", "internal", "outcome", result.status()).increment();
        return result;
    }

    /**
     * Re-admits an event ops replayed from the dead letters: accepted like a new one (its source was checked when it
     * was parked), and recorded as replayed by {@code actor}.
     */
    public IngressResult replay(IngressEvent event, String actor) {
        IngressResult result = accept(event, REPLAY, actor);
        meters.counter("hub.events.ingress", "via", REPLAY, "outcome", result.status()).increment();
        return result;
    }

    private IngressResult accept(IngressEvent event, String via) {
        return accept(event, via, null);
    }

    private IngressResult accept(IngressEvent event, String via, String replayedBy) {
        return transactions.execute(tx -> {
            if (!ledger.claim(event, via, replayedBy)) {
                return IngressResult.duplicate(event.id());
            }
            publisher.publish(new OutboundMessage(WorkQueues.EVENTS_EXCHANGE, event.type(), event.messageId(),
                    event.id(), CLOUDEVENTS_JSON, Map.of(HubHeaders.EVENT_ID, event.id(), HubHeaders.EVENT_SOURCE,
                            event.source(), HubHeaders.EVENT_TYPE, event.type()),
                    event.json()));
            return IngressResult.accepted(event.id());
        });
    }
}
