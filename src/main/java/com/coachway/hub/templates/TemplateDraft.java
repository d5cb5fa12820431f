package com.coachway.hub.templates;

import java.util.Map;

/**
 * A template as an admin writes it (POST / PUT body, or a seed file).
 *
 * @param name unique name
 * @param category transactional, marketing or reminders
 * @param sms SMS body
 * @param whatsapp WhatsApp body and/or approved template
 * @param email email subject, HTML and text
 * @param variants A/B variants
 * @param language the BCP 47 language the bodies are written in; {@code en} when absent
 */
record TemplateDraft(String name, String category, TemplateContent.Sms sms, TemplateContent.WhatsApp whatsapp,
        TemplateContent.Email email, Map<String, TemplateContent.Variant> variants, String language) {

    TemplateContent content() {
        return new TemplateContent(sms, whatsapp, email, variants, language);
    }
}
