package com.coachway.hub.templates;

import java.util.List;

/**
 * A template rendered for one channel and recipient.
 *
 * @param channel sms, whatsapp or email
 * @param variant the A/B variant used, or null
 * @param subject email subject, or null
 * @param text SMS / WhatsApp free text / email plain text, or null
 * @param html email HTML, or null
 * @param providerTemplate the approved WhatsApp template with its values in order, or null
 */
public record RenderedMessage(String channel, String variant, String subject, String text, String html,
        ProviderTemplateCall providerTemplate) {

    /**
     * @param id Twilio ContentSid or Meta template name
     * @param language Meta language code
     * @param values the placeholder values 1, 2, … in order
     */
    public record ProviderTemplateCall(String id, String language, List<String> values) {
    }
}
