package com.coachway.hub.ingress;

import java.util.List;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The fate of one event of a request, as a batch reply lists it.
 *
 * @param id the event id, when known
 * @param status {@code accepted}, {@code duplicate} or {@code rejected}
 * @param errors why it was rejected
 * @param httpStatus the status a single-event request answers with
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngressResult(String id, String status, List<FieldError> errors, @JsonIgnore int httpStatus) {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";

    public IngressResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A sentence for a person: {@code rejected event evt-1: data.client is required; data.amount must be ...}. */
    @JsonIgnore
    public String getReason() {
        StringBuilder text = new StringBuilder(REJECTED.equals(status) ? "rejected event " : status + " event ")
                .append(id == null ? "without a readable id" : id);
        for (int i = 0; i < errors.size(); i++) {
            text.append(i == 0 ? ": " : "; ").append(errors.get(i).field()).append(' ').append(errors.get(i).message());
        }
        return text.toString();
    }

    public static IngressResult accepted(String id) {
        return new IngressResult(id, ACCEPTED, List.of(), 202);
    }

    public static IngressResult duplicate(String id) {
        return new IngressResult(id, DUPLICATE, List.of(), 200);
    }

    static IngressResult rejected(IngressCandidate candidate) {
        return new IngressResult(candidate.id(), REJECTED, candidate.errors(), candidate.status());
    }
}
