package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.coachway.hub.templates.RenderedMessage;

/** What a notification is recorded to have said (plain JUnit). */
class ChannelDispatcherTest {

    private static final String LINK = "https://hub.coachway.example/u/eyJuIjoibnRmXzEifQ.c2lnbmF0dXJl";

    @Test
    void anUnsubscribeLinkInTheBodyIsKeptAsAPlaceholder() {
        RenderedMessage rendered = new RenderedMessage("email", "B", "Your trip", "Stop these: " + LINK,
                "<a href=\"" + LINK + "\">stop</a> <a href=\"https://coachway.example/trips\">trips</a>", null);

        RenderedMessage said = ChannelDispatcher.said(ChannelDispatcher.asSent(rendered, false), LINK);

        assertThat(said.channel()).isEqualTo("email");
        assertThat(said.variant()).isEqualTo("B");
        assertThat(said.subject()).isEqualTo("Your trip");
        assertThat(said.text()).isEqualTo("Stop these: [unsubscribe link]");
        assertThat(said.html()).isEqualTo("<a href=\"[unsubscribe link]\">stop</a> "
                + "<a href=\"https://coachway.example/trips\">trips</a>");
    }

    @Test
    void anApprovedWhatsAppTemplateIsRecordedWithItsValuesAndNoFreeText() {
        RenderedMessage rendered = new RenderedMessage("whatsapp", null, null, "Hi Ana, charter #7 is confirmed",
                null, new RenderedMessage.ProviderTemplateCall("HX1", "en", List.of("Ana", "7")));

        RenderedMessage said = ChannelDispatcher.said(ChannelDispatcher.asSent(rendered, true), null);

        assertThat(said.text()).isNull();
        assertThat(said.providerTemplate().values()).containsExactly("Ana", "7");
    }
}
