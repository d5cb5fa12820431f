package com.coachway.hub.ingress;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.coachway.hub.deadletter.DeadLetterReplayer;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.security.Roles;

/**
 * Replays a parked {@code hub.ingress} event (API.md §10): re-admitted in the hub under the source it was
 * authenticated as when it was parked, never under a key (none is kept) nor a source named in the body. It is
 * judged like a new event; one that is still invalid is refused with every problem listed.
 */
@Component
class IngressReplayer implements DeadLetterReplayer {

    private final IngressReader reader;
    private final IngressService service;

    IngressReplayer(IngressReader reader, IngressService service) {
        this.reader = reader;
        this.service = service;
    }

    @Override
    public boolean replay(String queue, Map<String, Object> headers, String body, boolean edited,
            List<String> changed, String actor) {
        if (!WorkQueues.INGRESS.equals(queue)) {
            return false;
        }
        Object source = headers.get(HubHeaders.AUTHENTICATED_SOURCE);
        if (source == null || source.toString().isBlank()) {
            throw new ProblemException(Problems.of(409, "source-unknown", "Source never authenticated",
                    "This event was parked before its publisher was authenticated (a missing or unknown api_key), "
                            + "so the hub cannot say whose it is; the publisher must send it again"));
        }
        Caller caller = new Caller("replay by " + actor, source.toString(), Set.of(Roles.PUBLISHER));
        IngressCandidate candidate;
        try {
            // the stored headers are the message's own; a replayed body is read as structured JSON unless they say binary
            candidate = reader.readAmqp(headers, body.getBytes(StandardCharsets.UTF_8), null, caller);
        } catch (PermanentFailure e) {
            throw ProblemException.malformed("The replayed event cannot be read: " + e.getMessage());
        }
        if (!candidate.valid()) {
            throw new ProblemException(Problems.withErrors(
                    Problems.of(candidate.status(), "invalid-event", "Invalid CloudEvent",
                            "The replayed event is still not acceptable; every problem is listed in errors"),
                    candidate.errors()));
        }
        service.replay(candidate.event(), actor);
        return true;
    }
}
