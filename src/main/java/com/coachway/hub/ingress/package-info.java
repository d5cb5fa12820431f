/**
 * Taking events in: CloudEvents over HTTP ({@code POST /api/v1/events}, single or batch) and over the AMQP exchange
 * {@code hub.ingress}. Owns envelope validation, the source check, dedupe on (source, id) and the {@code events}
 * ledger, which {@code GET /api/v1/events} reads; an event is acknowledged only after the broker confirmed it on
 * {@code hub.events}.
 * <p>
 * Offers: {@code IngressService} (accept an event, also one the hub raises itself), {@code IngressEvent},
 * {@code IngressResult} and {@code EventDataCheck} (the data contract check, implemented by contracts).
 */
package com.coachway.hub.ingress;
