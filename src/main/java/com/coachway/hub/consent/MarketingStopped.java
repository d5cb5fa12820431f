package com.coachway.hub.consent;

/**
 * Someone sent one of {@code hub.consent.marketing-stop-phrases} (tapped a marketing template's opt-out button):
 * their marketing opt-out is recorded, and the message needs no person. Published inside the transaction that kept it,
 * once per message.
 *
 * @param inboundMessageId the kept message
 * @param channel sms or whatsapp
 * @param phone the sender in E.164
 * @param provider twilio (whose webhook answers it) or meta (whose cannot)
 */
public record MarketingStopped(long inboundMessageId, String channel, String phone, String provider) {
}
