package com.coachway.hub.leads;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A lead as it arrived, before it is checked: the one shape both entries (HTTP and {@code lead.created}) hand to
 * intake.
 *
 * @param json the lead's fields
 * @param originKey the work message id of an event (so a redelivery finds its lead), or null over HTTP
 * @param actor who sent it: the caller's name, or the event's source
 * @param via {@code api} or {@code event}
 */
record LeadSubmission(JsonNode json, String originKey, String actor, String via) {

    static final String API = "api";
    static final String EVENT = "event";
}
