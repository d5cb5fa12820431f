package com.coachway.hub.ingress;

import java.util.List;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.problem.Problems;

import io.swagger.v3.oas.annotations.media.Schema;

/** Builds the HTTP answer of {@code POST /api/v1/events} from the fate of each event. */
@Component
class IngressReplies {

    private final ProblemReplies problems;

    public IngressReplies(ProblemReplies problems) {
        this.problems = problems;
    }

    /** A single event answers 202, 200 (duplicate) or its problem; a batch answers 207 with every result. */
    public HttpReply reply(boolean batch, List<IngressResult> results) {
        if (batch) {
            return problems.json(207, new BatchReply(results));
        }
        IngressResult result = results.get(0);
        return switch (result.status()) {
            case IngressResult.ACCEPTED -> problems.json(202, single(result, false));
            case IngressResult.DUPLICATE -> problems.json(200, single(result, true));
            default -> problems.of(result.httpStatus() == 403
                    ? Problems.withErrors(Problems.of(403, "source-mismatch", "Forbidden",
                            "The event's source does not belong to this API key"), result.errors())
                    : result.errors().stream().allMatch(e -> e.field().startsWith("data"))
                            ? Problems.withErrors(Problems.of(400, "invalid-event-data", "Invalid event data",
                                    "The event's data does not hold what its type requires (see GET "
                                            + "/api/v1/event-types/{type}); every problem is listed in errors"),
                                    result.errors())
                            : Problems.withErrors(Problems.of(400, "invalid-event", "Invalid CloudEvent",
                                    "The event is not a valid CloudEvent 1.0; every problem is listed in errors"),
                                    result.errors()));
        };
    }

    // A duplicate was accepted earlier: the single reply says so with the flag, as API.md shows.
    private static SingleReply single(IngressResult result, boolean duplicate) {
        return new SingleReply(result.id(), IngressResult.ACCEPTED, duplicate);
    }

    @Schema(name = "EventReply")
    record SingleReply(String id, String status, boolean duplicate) {
    }

    @Schema(name = "EventBatchReply")
    record BatchReply(List<IngressResult> results) {
    }
}
