package com.coachway.hub.consent;

/**
 * A person texted a keyword that is answered (API.md §7): HELP or INFO with the help text, an opt-out with its
 * confirmation. Kept as inbound message {@code inboundMessageId} and announced in the transaction that kept it.
 * Twilio's webhook carries the answer back itself (TwiML); a provider whose webhook cannot (Meta's) needs the answer
 * sent as a message of its own.
 *
 * @param inboundMessageId the kept message
 * @param channel sms or whatsapp
 * @param phone the sender in E.164
 * @param provider twilio or meta
 * @param intent {@link Keywords.Intent#HELP} or {@link Keywords.Intent#OPT_OUT}
 */
public record AnswerOwed(long inboundMessageId, String channel, String phone, String provider,
        Keywords.Intent intent) {
}
