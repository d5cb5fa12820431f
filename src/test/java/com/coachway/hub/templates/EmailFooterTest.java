package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailFooterTest {

    @Test
    void theUnsubscribeLinkIsWordedInTheTemplatesLanguageElseEnglish() {
        assertThat(EmailFooter.unsubscribe("es")).isEqualTo("Darse de baja");
        assertThat(EmailFooter.unsubscribe("es-MX")).isEqualTo("Darse de baja");
        assertThat(EmailFooter.unsubscribe("fr-CA")).isEqualTo("Se désabonner");
        assertThat(EmailFooter.unsubscribe("en")).isEqualTo("Unsubscribe");
        assertThat(EmailFooter.unsubscribe(null)).isEqualTo("Unsubscribe");
        // no file of its own: English, never the JVM's own locale
        assertThat(EmailFooter.unsubscribe("ja")).isEqualTo("Unsubscribe");
    }
}
