/**
 * Event data contracts (API.md §2a): one JSON Schema per event type saying what upstream systems must send, checked at
 * intake, served to callers, and held against every template a routing rule can reach, so an accepted event is always
 * one the hub can turn into a complete message.
 * <p>
 * Offers other features only the schemas in the dialect of the API descriptions ({@link EventDataOpenApi}); it reads
 * their templates and the routing table and answers callers.
 */
package com.coachway.hub.contracts;
