/**
 * Tracking: what happens to a message after it left the hub. Provider status callbacks (Twilio, Meta) recorded by
 * the webhooks and applied forward-only, email opens and clicks, the bounce mailbox (DSNs and complaints), and the
 * stats with A/B winners.
 * <p>
 * Offers {@code NotificationCounts} (the campaigns' stats) and {@code CallbackState} (the console's count of callbacks
 * set aside); webhooks, pixels and the bounce mailbox are reached through routes.
 */
package com.coachway.hub.tracking;
