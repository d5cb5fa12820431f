package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.coachway.hub.templates.RenderedMessage;

class TextLimitsTest {

    @Test
    void aTextThatFitsIsLeftAsItIs() {
        String text = "x".repeat(1600);
        RenderedMessage sms = new RenderedMessage("sms", null, null, text, null, null);

        assertThat(TextLimits.cut(text, 1600)).isSameAs(text);
        assertThat(TextLimits.fit("twilio", sms)).isEqualTo(new TextLimits.Fitted(sms, null));
        assertThat(TextLimits.cut(null, 10)).isNull();
    }

    @Test
    void aLongTextEndsAtASpaceNearTheLimitWithThreeDots() {
        String text = "word ".repeat(400); // 2,000 characters

        String cut = TextLimits.cut(text, 1600);

        assertThat(cut).hasSize(1597).endsWith("word...").doesNotContain("  ");
        // one long word: cut inside it rather than lose nearly everything
        assertThat(TextLimits.cut("a".repeat(2000), 1600)).hasSize(1600).endsWith("a...");
    }

    @Test
    void anEmojiIsNeverCutInHalf() {
        String bus = "\uD83D\uDE8C"; // two UTF-16 units, and two of Twilio's characters

        assertThat(TextLimits.cut("a".repeat(1595) + bus.repeat(10), 1600)).isEqualTo("a".repeat(1595) + bus + "...");
        assertThat(TextLimits.cut("a".repeat(1596) + bus.repeat(10), 1600)).isEqualTo("a".repeat(1596) + "...");
    }

    @Test
    void eachProviderHasItsOwnLimitAndTheTimelineSaysWhatWasCut() {
        String text = "y".repeat(3000);
        RenderedMessage whatsapp = new RenderedMessage("whatsapp", "B", null, text, null, null);

        TextLimits.Fitted twilio = TextLimits.fit("twilio", whatsapp);
        TextLimits.Fitted meta = TextLimits.fit("meta", whatsapp);
        TextLimits.Fitted template = TextLimits.fit("twilio", new RenderedMessage("whatsapp", null, null, null, null,
                new RenderedMessage.ProviderTemplateCall("HX1", "en_US", List.of("Ana", text))));

        assertThat(twilio.message().text()).hasSize(1600);
        assertThat(twilio.message().variant()).isEqualTo("B");
        assertThat(twilio.note()).isEqualTo("text cut from 3000 to 1600 characters (twilio's limit)");
        assertThat(meta.message()).isSameAs(whatsapp);
        assertThat(template.message().providerTemplate().values()).first().isEqualTo("Ana");
        assertThat(template.message().providerTemplate().values().get(1)).hasSize(1600);
        assertThat(template.note())
                .isEqualTo("a value of the approved template cut to 1600 characters (twilio's limit)");
        assertThat(TextLimits.fit("smtp", new RenderedMessage("email", null, "s", text, "<p>" + text, null)).note())
                .isNull();
    }

    @Test
    void aFooterIsKeptWholeAndTheTextGivesWay() {
        String footer = "\nReply STOP to opt out.";
        RenderedMessage sms = new RenderedMessage("sms", null, null, "Spring deals.  ", null, null);
        assertThat(TextLimits.fit("twilio", sms, footer)).isEqualTo(new TextLimits.Fitted(
                new RenderedMessage("sms", null, null, "Spring deals.\nReply STOP to opt out.", null, null), null));

        // an offer that data made too long: its start, then how to stop them, within Twilio's 1,600
        RenderedMessage offer = new RenderedMessage("sms", null, null, "Deals: " + "word ".repeat(400), null, null);
        TextLimits.Fitted fitted = TextLimits.fit("twilio", offer, footer);
        assertThat(fitted.message().text()).hasSizeLessThanOrEqualTo(1600).startsWith("Deals: word")
                .endsWith("...\nReply STOP to opt out.");
        assertThat(fitted.note()).startsWith("text cut from 2006 to ");
    }
}
