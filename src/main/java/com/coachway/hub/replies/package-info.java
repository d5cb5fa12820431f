/**
 * What people text back. A reply that is not a keyword (the consent package acts on those) is forwarded to customer
 * care ({@code hub.replies.forward-to}), or to the agent who has the lead it is about, as a notification of its own,
 * with the message it answers; every inbound message is listed for ops at {@code GET /api/v1/inbound-messages}, and
 * ops answer a reply from our own number ({@code POST /api/v1/inbound-messages/{id}/answer}).
 */
package com.coachway.hub.replies;
