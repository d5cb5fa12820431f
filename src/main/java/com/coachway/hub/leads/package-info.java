/**
 * Sales leads (API.md §5): validation and normalisation, dedupe against open leads, weighted round-robin assignment
 * under daily caps, the lifecycle with its activities, the contact SLA, conversion into a {@code lead.converted}
 * event, and the notifications that tell agents, customers and ops.
 */
package com.coachway.hub.leads;
