package com.coachway.hub.leads;

import java.time.Instant;

/**
 * One thing that happened to a lead.
 *
 * @param id activity id
 * @param kind created, duplicate, assigned, unassigned, reassigned, status_changed, converted, or what a person
 *            logged: note, call, email, sms, meeting
 * @param detail what happened, in words
 * @param actor who did it (a caller's name, or {@code hub})
 * @param at when
 */
record LeadActivity(long id, String kind, String detail, String actor, Instant at) {
}
