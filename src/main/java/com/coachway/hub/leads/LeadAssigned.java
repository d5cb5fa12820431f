package com.coachway.hub.leads;

/**
 * A lead was given to an agent: on arrival, by hand, or because its agent let the contact SLA pass. Published inside
 * the transaction that assigned it; {@link LeadNotices} tells the agents in that same transaction.
 *
 * @param lead the lead as assigned
 * @param agent the agent who has it now
 * @param previous the agent who had it, or null
 * @param slaMissed whether it moved on because {@code previous} did not make contact in time
 * @param by who gave it to {@code agent} by hand, or null when the hub assigned it
 */
record LeadAssigned(Lead lead, AssignmentRule agent, AssignmentRule previous, boolean slaMissed, String by) {
}
