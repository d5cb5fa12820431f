package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundMessagesTest {

    @Test
    void aWhatsAppProfileNameIsKeptOnOneLineWithoutInvisibleCharactersAndCutWhole() {
        assertThat(InboundMessages.profileName("  Hugo\r\nSilva\t ")).isEqualTo("Hugo Silva");
        // a right-to-left override would show the name backwards in care's inbox
        assertThat(InboundMessages.profileName("\u202eHugo\u200b Silva")).isEqualTo("Hugo Silva");
        // an emoji family keeps its joiners
        assertThat(InboundMessages.profileName("Ana \uD83D\uDC69\u200D\uD83D\uDC67"))
                .isEqualTo("Ana \uD83D\uDC69\u200D\uD83D\uDC67");
        assertThat(InboundMessages.profileName(" \u0007 ")).isNull();
        assertThat(InboundMessages.profileName(null)).isNull();
        // cut at 100 characters, never inside a surrogate pair
        String buses = "\uD83D\uDE8C".repeat(150);
        assertThat(InboundMessages.profileName(buses)).isEqualTo("\uD83D\uDE8C".repeat(100));
    }
}
