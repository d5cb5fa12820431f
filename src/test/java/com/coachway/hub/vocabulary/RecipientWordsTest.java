package com.coachway.hub.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

class RecipientWordsTest {

    @Test
    void aReaderGetsTheFirstOfferedLanguageTheirBrowserAsksFor() {
        assertThat(RecipientWords.forReader("es-MX,es;q=0.9,en;q=0.8")).isEqualTo("es");
        assertThat(RecipientWords.forReader("ja, de;q=0.5")).isEqualTo("de");
        assertThat(RecipientWords.forReader("pt-BR")).isEqualTo("pt");
        assertThat(RecipientWords.forReader("ja")).isEqualTo("en");
        assertThat(RecipientWords.forReader(null)).isEqualTo("en");
        assertThat(RecipientWords.forReader("q=;;,,")).isEqualTo("en");
        assertThat(RecipientWords.forReader("es," + "x".repeat(2000))).isEqualTo("en");
    }

    @Test
    void aPageReachedFromAnEmailSpeaksTheEmailsLanguageWhenItHasWordsOfItsOwn() {
        assertThat(RecipientWords.forEmailReader("es", "en-US,en;q=0.9")).isEqualTo("es");
        assertThat(RecipientWords.forEmailReader("pt-BR", null)).isEqualTo("pt");
        // an English email, a language without words of its own, or none: the browser's, as any page
        assertThat(RecipientWords.forEmailReader("en", "de")).isEqualTo("de");
        assertThat(RecipientWords.forEmailReader("nl", "fr")).isEqualTo("fr");
        assertThat(RecipientWords.forEmailReader(null, "it")).isEqualTo("it");
        assertThat(RecipientWords.forEmailReader("nl", null)).isEqualTo("en");
    }

    @Test
    void everyOfferedLanguageHasEveryWordEnglishHas() {
        ResourceBundle english = RecipientWords.in("en");
        for (Locale language : RecipientWords.OFFERED) {
            ResourceBundle words = RecipientWords.in(language.toLanguageTag());
            // its own file (English is the base file, whose locale is the root)
            assertThat(words.getLocale().getLanguage()).as(language.toString())
                    .isEqualTo(language == Locale.ENGLISH ? "" : language.getLanguage());
            assertThat(Collections.list(words.getKeys())).as(language.toString())
                    .containsExactlyInAnyOrderElementsOf(Collections.list(english.getKeys()));
        }
    }
}
