package com.coachway.hub.delivery;

import com.coachway.hub.templates.RenderedMessage;
import com.coachway.hub.vocabulary.Priority;

/**
 * A message on a delivery queue ({@code q.deliver.<channel>[.urgent]}): everything the deliver step needs, rendered.
 *
 * @param notificationId the notification
 * @param channel sms, whatsapp or email
 * @param channelIndex the channel's position in the notification's fallback order
 * @param dispatchSeq the notification's dispatch number this message belongs to
 * @param provider twilio, meta or smtp
 * @param address E.164 phone or email address
 * @param priority critical, high, normal or low
 * @param category transactional, marketing or reminders
 * @param mode {@code text}, or {@code template} for an approved WhatsApp template
 * @param subject email subject
 * @param text SMS, WhatsApp free text or email text part
 * @param html email HTML part
 * @param providerTemplate the approved WhatsApp template and its values
 * @param emailMessageId the Message-ID the email is sent with
 * @param unsubscribeUrl the one-click unsubscribe URL (email)
 * @param recipientName the recipient's name (email To display name)
 * @param language the template's language (the words the hub adds to an email); null reads English
 * @param replyTo the email's Reply-To as its template names it; null = {@code hub.mail.reply-to}, else the sender
 */
public record DeliveryWork(String notificationId, String channel, int channelIndex, int dispatchSeq, String provider,
        String address,
        String priority, String category, String mode, String subject, String text, String html,
        RenderedMessage.ProviderTemplateCall providerTemplate, String emailMessageId, String unsubscribeUrl,
        String recipientName, String language, String replyTo) {

    public static final String TEXT = "text";
    public static final String TEMPLATE = "template";

    public boolean urgent() {
        return Priority.urgent(priority);
    }

    /** AMQP message id: one per notification dispatch, so a repeat is recognisable. */
    public String messageId() {
        return notificationId + "/" + dispatchSeq + "/" + channel;
    }
}
