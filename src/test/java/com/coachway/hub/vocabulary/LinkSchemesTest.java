package com.coachway.hub.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LinkSchemesTest {

    @Test
    void scriptAndDataLinksAreNeverSafeHoweverTheyAreWritten() {
        for (String href : List.of("javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox")) {
            assertThat(LinkSchemes.safe(href)).as(href).isFalse();
            assertThat(LinkSchemes.dangerous(href)).as(href).isTrue();
        }
        for (String href : List.of("https://x.example", "mailto:a@b.example", "tel:+15555550100", "/relative",
                "#top", "page.html")) {
            assertThat(LinkSchemes.safe(href)).as(href).isTrue();
            assertThat(LinkSchemes.dangerous(href)).as(href).isFalse();
        }
        assertThat(LinkSchemes.safe("ftp://files.example")).as("not dangerous, but no mailbox link").isFalse();
        assertThat(LinkSchemes.web(" HTTPS://x.example")).isTrue();
        assertThat(LinkSchemes.web("mailto:a@b.example")).isFalse();
    }
}
