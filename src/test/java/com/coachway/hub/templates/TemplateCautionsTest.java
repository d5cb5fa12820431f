package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Free WhatsApp text reaches only a recipient who wrote within 24 hours. A use that can send a template last on
 * WhatsApp, where it has no approved template, parks every message to anyone else: allowed, but said.
 */
class TemplateCautionsTest {

    private static final TemplateGuard GUARD = new TemplateGuard(null, null);
    private static final TemplateContent.Sms SMS = new TemplateContent.Sms("Late: {{ eta }}");
    private static final TemplateContent.WhatsApp FREE_TEXT = new TemplateContent.WhatsApp("Late: {{ eta }}", null);
    private static final TemplateContent.WhatsApp APPROVED = new TemplateContent.WhatsApp("Late: {{ eta }}",
            new TemplateContent.ProviderTemplate("HX0123456789abcdef0123456789abcdef", "en", List.of("eta")));

    private static List<String> cautions(TemplateContent content, String... channels) {
        return GUARD.cautions("trip_delayed", content,
                List.of(new TemplateUsage("trip_delayed", "event type trip.delayed (rule trip-delayed, line 95)",
                        List.of(channels), path -> true)));
    }

    @Test
    void whatsAppLastWithFreeTextOnlyIsACautionNamingSenderAndFix() {
        assertThat(cautions(new TemplateContent(null, FREE_TEXT, null, Map.of()), "whatsapp")).containsExactly(
                "template 'trip_delayed': event type trip.delayed (rule trip-delayed, line 95) sends it last on"
                        + " WhatsApp, where it has free text only; outside the recipient's 24-hour window each such"
                        + " message is parked. Add whatsapp.provider_template (an approved template), or a channel"
                        + " after whatsapp there");
        // SMS comes after WhatsApp in the rule, but the template cannot say anything there
        assertThat(cautions(new TemplateContent(null, FREE_TEXT, null, Map.of()), "whatsapp", "sms")).hasSize(1);
    }

    @Test
    void aChannelAfterWhatsAppOrAnApprovedTemplateIsFine() {
        assertThat(cautions(new TemplateContent(SMS, FREE_TEXT, null, Map.of()), "whatsapp", "sms")).isEmpty();
        assertThat(cautions(new TemplateContent(null, APPROVED, null, Map.of()), "whatsapp")).isEmpty();
        assertThat(cautions(new TemplateContent(SMS, FREE_TEXT, null, Map.of()), "sms")).isEmpty();
        assertThat(cautions(new TemplateContent(SMS, FREE_TEXT, null, Map.of()), "sms", "whatsapp")).hasSize(1);
    }

    @Test
    void aUseThatOnlyAnswersSomeoneWhoWroteWithinTheDayHasItsWindow() {
        TemplateContent answer = new TemplateContent(SMS, FREE_TEXT, null, Map.of());
        assertThat(GUARD.cautions("customer_answer", answer, List.of(new TemplateUsage("customer_answer",
                "an answer ops text back to a customer's reply", List.of("sms", "whatsapp"), path -> true, true))))
                .isEmpty();
        assertThat(GUARD.cautions("customer_answer", answer, List.of(new TemplateUsage("customer_answer",
                "an answer ops text back to a customer's reply", List.of("sms", "whatsapp"), path -> true))))
                .hasSize(1);
    }

    @Test
    void eachVariantIsHeldToItOnItsOwn() {
        TemplateContent content = new TemplateContent(null, APPROVED, null, Map.of(
                "A", new TemplateContent.Variant(1, null, null, null),
                "B", new TemplateContent.Variant(1, null, new TemplateContent.WhatsApp("Hurry", null), null)));

        // B overrides the text only, so it keeps the approved template it inherits
        assertThat(cautions(content, "whatsapp")).isEmpty();

        TemplateContent freeB = new TemplateContent(null, FREE_TEXT, null, Map.of(
                "A", new TemplateContent.Variant(1, null, APPROVED, null),
                "B", new TemplateContent.Variant(1, null, null, null)));
        assertThat(cautions(freeB, "whatsapp")).singleElement().asString()
                .startsWith("template 'trip_delayed', variant B:");
    }
}
