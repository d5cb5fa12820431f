package com.coachway.hub.templates;

import java.time.Instant;
import java.util.Map;

/** A template as the API shows it: the bodies flat, as API.md §4 names them. */
record TemplateView(String name, String category, int version, TemplateContent.Sms sms,
        TemplateContent.WhatsApp whatsapp, TemplateContent.Email email, Map<String, TemplateContent.Variant> variants,
        Instant createdAt, String createdBy) {

    static TemplateView of(Template template) {
        TemplateContent content = template.content();
        return new TemplateView(template.name(), template.category(), template.version(), content.sms(),
                content.whatsapp(), content.email(), content.variants().isEmpty() ? null : content.variants(),
                template.createdAt(), template.createdBy());
    }
}
