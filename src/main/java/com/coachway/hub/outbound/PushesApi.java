package com.coachway.hub.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;

/**
 * {@code GET /api/v1/pushes}: what became of the pushes to the charter, vendor and change systems, for ops asked "did
 * the vendor get charter 186's confirmation?". A push has a row from when it is queued; a pending one that nothing is
 * trying says why ({@code waiting}): its destination is off, or its circuit is open.
 */
@Component
class PushesApi {

    private static final int MAX_EVENT_ID = 256;

    private final PushStore store;
    private final OutboundProperties properties;
    private final OutboundCircuits circuits;
    private final ProblemReplies replies;

    PushesApi(PushStore store, OutboundProperties properties, OutboundCircuits circuits, ProblemReplies replies) {
        this.store = store;
        this.properties = properties;
        this.circuits = circuits;
        this.replies = replies;
    }

    record Listing(List<PushStore.PushView> items, int page, int size, long total) {
    }

    /** {@code GET /api/v1/pushes?event_id=&destination=&status=&page=&size=}, newest first. */
    public HttpReply list(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        String eventId = QueryParams.text(query, "event_id", MAX_EVENT_ID, errors);
        String destination = QueryParams.text(query, "destination");
        if (destination != null && !properties.destinations().containsKey(destination)) {
            errors.add(FieldError.oneOf("destination", properties.destinations().keySet()));
        }
        String statusText = QueryParams.text(query, "status");
        Optional<PushStatus> status = statusText == null ? Optional.empty() : PushStatus.of(statusText);
        if (statusText != null && status.isEmpty()) {
            errors.add(FieldError.oneOf("status", PushStatus.NAMES));
        }
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        PushStore.Page found = store.find(eventId, destination, status.orElse(null), paging.page(), paging.size());
        List<PushStore.PushView> items = found.items().stream().map(push -> push.waiting(waiting(push))).toList();
        return replies.json(200, new Listing(items, paging.page(), paging.size(), found.total()));
    }

    private String waiting(PushStore.PushView push) {
        if (push.status() != PushStatus.PENDING) {
            return null;
        }
        OutboundProperties.Destination target = properties.destinations().get(push.destination());
        if (!target.enabled()) {
            return OutboundProperties.switchedOffReason(push.destination()) + ": it is about to be skipped";
        }
        if (!target.configured()) {
            return OutboundProperties.offReason(push.destination()) + ": it waits in its queue";
        }
        if (circuits.open(push.destination())) {
            return "the circuit of " + push.destination() + " is open: it waits in its queue until "
                    + push.destination() + " recovers";
        }
        return null;
    }
}
