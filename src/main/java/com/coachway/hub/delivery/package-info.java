/**
 * Delivery: notification records and their timeline, the notify step that picks a channel (address, suppression,
 * WhatsApp window, template) and renders, the deliver steps that call Twilio, Meta and SMTP under a cluster-wide
 * rate limit, the one table that classifies provider errors, and the notifications API.
 */
package com.coachway.hub.delivery;
