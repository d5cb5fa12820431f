package com.coachway.hub.ingress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.CloudEventsMedia;
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
     * Handles every event of a request in one transaction: each invalid event is recorded, the valid ones claimed in
     * one round trip (each new or a duplicate), then all accepted events are published and their confirms awaited
     * once, and only then does the transaction commit. A batch of 500 therefore costs one claim, one commit and one
     * confirm round trip, not 500 of each.
     * Each event still stands alone in the reply; infrastructure trouble rolls the whole request back with an
     * exception (the caller answers 503, and a resend is safe: nothing of it was accepted).
     */
    public List<IngressResult> handleAll(IngressRequest request, String via) {
        List<IngressCandidate> candidates = request.candidates();
        IngressResult[] results = new IngressResult[candidates.size()];
        transactions.executeWithoutResult(tx -> {
            List<Integer> valid = new ArrayList<>(candidates.size());
            for (int i : claimOrder(candidates)) {
                if (candidates.get(i).valid()) {
                    valid.add(i);
                } else {
                    results[i] = ledger.recordRejected(candidates.get(i), via);
                }
            }
            boolean[] claimed = ledger.claimAll(valid.stream().map(i -> candidates.get(i).event()).toList(), via);
            OutboundMessage[] messages = new OutboundMessage[candidates.size()];
            for (int k = 0; k < claimed.length; k++) {
                IngressEvent event = candidates.get(valid.get(k)).event();
                messages[valid.get(k)] = claimed[k] ? message(event) : null;
                results[valid.get(k)] = claimed[k]
                        ? IngressResult.accepted(event.id())
                        : IngressResult.duplicate(event.id());
            }
            // published in the request's order, which consumers see first
            publisher.publishAll(Arrays.stream(messages).filter(Objects::nonNull).toList());
        });
        for (IngressResult result : results) {
            count(via, result);
        }
        return List.of(results);
    }

    // Claims are taken in (source, id) order: two requests sharing events then queue behind each other's row locks
    // instead of deadlocking.
    private static List<Integer> claimOrder(List<IngressCandidate> candidates) {
        return IntStream.range(0, candidates.size()).boxed()
                .sorted(Comparator.comparing(i -> claimKey(candidates.get(i)),
                        Comparator.nullsFirst(Comparator.<String>naturalOrder())))
                .toList();
    }

    private static String claimKey(IngressCandidate candidate) {
        return candidate.valid() ? candidate.event().source() + '\0' + candidate.event().id() : null;
    }

    /** Accepts a valid event, or records why it was rejected. */
    public IngressResult handle(IngressCandidate candidate, String via) {
        IngressResult result = candidate.valid()
                ? accept(candidate.event(), via)
                : ledger.recordRejected(candidate, via);
        count(via, result);
        return result;
    }

    /**
     * Publishes an event the hub raises itself, exactly as if a publisher had posted it: claimed in the ledger (so
     * the same id again is a duplicate) and confirmed by the broker, inside the caller's transaction when there is
     * one, so the change that raised it and the event commit or roll back together.
     */
    public IngressResult raise(IngressEvent event) {
        IngressResult result = accept(event, "internal");
        count("internal", result);
        return result;
    }

    /**
     * Re-admits an event ops replayed from the dead letters: accepted like a new one (its source was checked when it
     * was parked), and recorded as replayed by {@code actor}.
     */
    public IngressResult replay(IngressEvent event, String actor) {
        IngressResult result = accept(event, REPLAY, actor);
        count(REPLAY, result);
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
            publisher.publish(message(event));
            return IngressResult.accepted(event.id());
        });
    }

    private static OutboundMessage message(IngressEvent event) {
        return new OutboundMessage(WorkQueues.EVENTS_EXCHANGE, event.type(), event.messageId(), event.id(),
                CloudEventsMedia.STRUCTURED,
                Map.of(HubHeaders.EVENT_ID, event.id(), HubHeaders.EVENT_SOURCE, event.source(),
                        HubHeaders.EVENT_TYPE, event.type()),
                event.json());
    }

    private void count(String via, IngressResult result) {
        meters.counter("hub.events.ingress", "via", via, "outcome", result.status()).increment();
    }
}
