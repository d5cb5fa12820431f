package com.coachway.hub.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A template as the API shows it: the bodies flat, as API.md §4 names them.
 *
 * @param language the language the bodies are written in (dates and numbers follow it)
 * @param warnings on one template's own answers (read, created, changed), what its uses make it do that is allowed
 *            but will often park, each naming the sender and the fix; absent from lists and versions
 */
record TemplateView(String name, String category, String language, int version, TemplateContent.Sms sms,
        TemplateContent.WhatsApp whatsapp, TemplateContent.Email email, Map<String, TemplateContent.Variant> variants,
        Instant createdAt, String createdBy, List<String> warnings) {

    static TemplateView of(Template template) {
        TemplateContent content = template.content();
        return new TemplateView(template.name(), template.category(), content.language(), template.version(),
                content.sms(),
                content.whatsapp(), content.email(), content.variants().isEmpty() ? null : content.variants(),
                template.createdAt(), template.createdBy(), null);
    }

    TemplateView withWarnings(List<String> warnings) {
        return new TemplateView(name, category, language, version, sms, whatsapp, email, variants, createdAt, createdBy,
                List.copyOf(warnings));
    }
}
