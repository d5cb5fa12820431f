package com.coachway.hub.consent;

/**
 * Someone texted us something that is not a keyword: a question, a change of plan, an answer to "Questions? Reply to
 * this message." Published inside the transaction that kept it, once per message (a webhook retry is not a new one).
 *
 * @param inboundMessageId the kept message
 * @param channel sms or whatsapp
 * @param phone the sender in E.164
 * @param answered our notification it answers: the one it quotes (a WhatsApp reply to one message), else the last
 *        we sent the phone by SMS or WhatsApp; null when we never did
 */
public record ReplyReceived(long inboundMessageId, String channel, String phone, String answered) {
}
