/**
 * Tracking: what happens to a message after it left the hub. Provider status callbacks (Twilio, Meta) recorded by
 * the webhooks and applied forward-only, email opens and clicks, the bounce mailbox (DSNs and complaints), and the
 * stats with A/B winners.
 */
package com.coachway.hub.tracking;
