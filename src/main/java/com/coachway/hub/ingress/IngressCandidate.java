package com.coachway.hub.ingress;

import java.util.ArrayList;
import java.util.List;

import com.coachway.hub.problem.FieldError;

/**
 * One event of a request, either valid ({@link #event} set) or rejected with its reasons.
 *
 * @param event the valid event, or null when rejected
 * @param id the event id as sent, when it could be read (for the batch reply)
 * @param source the event source as sent, when it could be read
 * @param type the event type as sent, when it could be read (so ops can tell what a refused event was)
 * @param status the HTTP status a rejection maps to (400 invalid, 403 wrong source)
 * @param errors every problem found
 * @param raw the event as received, cut short, for the ledger
 */
record IngressCandidate(IngressEvent event, String id, String source, String type, int status,
        List<FieldError> errors, String raw) {

    public IngressCandidate {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static IngressCandidate forEvent(IngressEvent event) {
        return new IngressCandidate(event, event.id(), event.source(), event.type(), 202, List.of(), null);
    }

    static IngressCandidate forRejection(String id, String source, String type, int status, List<FieldError> errors,
            String raw) {
        return new IngressCandidate(null, id, source, type, status, errors, raw);
    }

    /** The same rejection with one more problem, named first. */
    IngressCandidate withFirst(FieldError problem) {
        List<FieldError> all = new ArrayList<>(errors.size() + 1);
        all.add(problem);
        all.addAll(errors);
        return new IngressCandidate(event, id, source, type, status, all, raw);
    }

    public boolean valid() {
        return event != null;
    }

    /** One line naming every problem, for logs and parking reasons. */
    public String reason() {
        StringBuilder text = new StringBuilder("invalid event");
        for (FieldError error : errors) {
            text.append("; ").append(error.field()).append(' ').append(error.message());
        }
        return text.toString();
    }
}
