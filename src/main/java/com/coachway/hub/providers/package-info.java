/**
 * The hub's accounts at its providers (Twilio, Meta's WhatsApp Cloud API): one settings record each, read by the
 * delivery channels that send through them and by the webhook checks that verify what they send back, and which of
 * them carries WhatsApp (with the form of approved template id it takes, which the template checks hold ids to). It
 * depends on nothing else in the hub.
 */
package com.coachway.hub.providers;
