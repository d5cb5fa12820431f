/**
 * Sales leads (API.md §5): validation and normalisation, dedupe against open leads, weighted round-robin assignment
 * under daily caps, the lifecycle with its activities, the contact SLA, conversion into a {@code lead.converted}
 * event, and the notifications that tell agents, customers and ops. An assignment is published as {@code LeadAssigned};
 * the notices listen to it inside the assigning transaction.
 * <p>
 * Offers nothing to other features: its API and consumers are reached through routes.
 */
package com.coachway.hub.leads;
