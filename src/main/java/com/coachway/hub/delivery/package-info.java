/**
 * Delivery: notification records and their timeline, the notify step that picks a channel (address, suppression,
 * WhatsApp window, template) and renders, the deliver steps that call Twilio, Meta and SMTP under a cluster-wide
 * rate limit, the one table that classifies provider errors, and the notifications API.
 * <p>
 * Offers: {@code NotificationSubmitter} (ask for a notification), {@code NotificationOutcomes} (the one place a status
 * changes), and the event {@code NotificationEnded}, published inside the transaction that ended a notification.
 * Holds the routing table to its waiting sends ({@code CallOffCheck}: a rule gone while its sends wait is warned of).
 */
package com.coachway.hub.delivery;
