package com.coachway.hub.ingress;

import java.util.List;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;

/** Judges an event's data at intake (API.md §2a), so an accepted event is always one the hub can deliver. */
public interface EventDataCheck {

    /** Every problem of {@code data} for an event of {@code type}, each named by its path under {@code data}. */
    List<FieldError> problems(String type, JsonNode data);
}
