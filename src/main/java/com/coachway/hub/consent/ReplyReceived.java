package com.coachway.hub.consent;

/**
 * Someone texted us something that is not a keyword: a question, a change of plan, an answer to "Questions? Reply to
 * this message." Published inside the transaction that kept it, once per message (a webhook retry is not a new one).
 *
 * @param inboundMessageId the kept message
 * @param channel sms or whatsapp
 * @param phone the sender in E.164
 * @param quoted the provider's id of the message of ours it quotes (a WhatsApp reply to one message), or null
 */
public record ReplyReceived(long inboundMessageId, String channel, String phone, String quoted) {
}
