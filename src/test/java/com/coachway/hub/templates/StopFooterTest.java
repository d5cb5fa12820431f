package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopFooterTest {

    @Test
    void aMarketingTextEndsSayingHowToStopThem() {
        assertThat(StopFooter.text("Spring deals: 15% off.  \n", "marketing", "en"))
                .isEqualTo("Spring deals: 15% off.\nReply STOP to opt out.");
        assertThat(StopFooter.text("Ofertas de primavera.", "marketing", "es-MX"))
                .isEqualTo("Ofertas de primavera.\nResponde STOP para darte de baja.");
        // a language without words of its own reads English; the keyword is STOP in every language
        assertThat(StopFooter.text("Hej!", "marketing", "sv")).isEqualTo("Hej!\nReply STOP to opt out.");
        // "stop" in a sentence is not an instruction
        assertThat(StopFooter.text("Meet us at the bus stop.", "marketing", "en")).endsWith("\nReply STOP to opt out.");
    }

    @Test
    void aTextThatAlreadySaysSoAndTextsThatAreNotMarketingStayAsWritten() {
        assertThat(StopFooter.text("Deals! Text STOP to end.", "marketing", "en"))
                .isEqualTo("Deals! Text STOP to end.");
        assertThat(StopFooter.text("Your coach leaves at 08:30.", "reminders", "en"))
                .isEqualTo("Your coach leaves at 08:30.");
        assertThat(StopFooter.text("Paid, thank you.", "transactional", "en")).isEqualTo("Paid, thank you.");
        assertThat(StopFooter.text(null, "marketing", "en")).isNull();
    }

    @Test
    void smsAndWhatsAppTextsCarryItApprovedWhatsAppTemplatesAndEmailsDoNot() {
        assertThat(StopFooter.carriedBy("sms", false)).isTrue();
        assertThat(StopFooter.carriedBy("whatsapp", false)).isTrue();
        assertThat(StopFooter.carriedBy("whatsapp", true)).isFalse();
        assertThat(StopFooter.carriedBy("email", false)).isFalse();
    }

    @Test
    void everyLanguageSaysItInLettersThatKeepTheSmsInGsm7() {
        // one letter outside GSM-7 turns every segment of the message into UCS-2: 70 characters a segment, not 160
        String gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
                + "¿abcdefghijklmnopqrstuvwxyzäöñüà";
        for (String language : new String[]{"en", "es", "fr", "de", "pt", "it"}) {
            String footer = StopFooter.text("x", "marketing", language).substring(2);
            assertThat(footer).as(language).contains("STOP");
            assertThat(footer.chars().allMatch(c -> gsm7.indexOf(c) >= 0)).as(language + ": " + footer).isTrue();
        }
    }
}
