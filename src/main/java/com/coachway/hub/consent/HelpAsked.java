package com.coachway.hub.consent;

/**
 * A person texted HELP or INFO (API.md §7), kept as inbound message {@code inboundMessageId}, announced in the
 * transaction that kept it. Twilio's webhook carries the answer back itself (TwiML); a provider whose webhook cannot
 * (Meta's) needs the answer sent as a message of its own.
 *
 * @param inboundMessageId the kept message
 * @param channel sms or whatsapp
 * @param phone the sender in E.164
 * @param provider twilio or meta
 */
public record HelpAsked(long inboundMessageId, String channel, String phone, String provider) {
}
