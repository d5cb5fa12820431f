package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coachway.hub.providers.WhatsAppProperties;

/**
 * Free WhatsApp text reaches only a recipient who wrote within 24 hours. A use that can send a template last on
 * WhatsApp, where it has no approved template, parks every message to anyone else: allowed, but said.
 */
class TemplateCautionsTest {

    private static final TemplateGuard GUARD = new TemplateGuard(null, null, new WhatsAppProperties("twilio"));
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

    @Test
    void anApprovedTemplateTheWhatsAppProviderInUseCannotKnowIsACautionWhoeverSendsIt() {
        TemplateGuard meta = new TemplateGuard(null, null, new WhatsAppProperties("meta"));
        TemplateContent twilioSid = new TemplateContent(null, APPROVED, null, Map.of());
        TemplateContent metaName = new TemplateContent(null, new TemplateContent.WhatsApp(null,
                new TemplateContent.ProviderTemplate("trip_delayed_v2", "en", List.of("eta"))), null, Map.of());

        // Twilio's SID after a move to Meta, Meta's name under Twilio: each message would fall to the next channel
        assertThat(meta.cautions("trip_delayed", twilioSid, List.of())).singleElement().asString().startsWith(
                "template 'trip_delayed': whatsapp.provider_template.id 'HX0123456789abcdef0123456789abcdef' is a"
                        + " Twilio Content SID, and WhatsApp goes through Meta (hub.whatsapp.provider=meta)")
                .contains("error 132001", "Set it to the name of the template Meta approved");
        assertThat(GUARD.cautions("trip_delayed", metaName, List.of())).singleElement().asString().startsWith(
                "template 'trip_delayed': whatsapp.provider_template.id 'trip_delayed_v2' is a Meta template name,"
                        + " and WhatsApp goes through Twilio (hub.whatsapp.provider=twilio)")
                .contains("or set hub.whatsapp.provider=meta");
        assertThat(GUARD.cautions("trip_delayed", new TemplateContent(null, new TemplateContent.WhatsApp(null,
                new TemplateContent.ProviderTemplate("HX1", "en", List.of())), null, Map.of()), List.of()))
                .singleElement().asString().contains("'HX1' is no Twilio Content SID");
        // each fits its own provider
        assertThat(GUARD.cautions("trip_delayed", twilioSid, List.of())).isEmpty();
        assertThat(meta.cautions("trip_delayed", metaName, List.of())).isEmpty();
    }
}
