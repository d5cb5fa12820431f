package com.coachway.hub.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTagsTest {

    @Test
    void aLanguageTagNamesALanguageAndIsShort() {
        assertThat(LanguageTags.valid("en")).isTrue();
        assertThat(LanguageTags.valid("es-MX")).isTrue();
        assertThat(LanguageTags.valid("zh-Hant-TW")).isTrue();
        assertThat(LanguageTags.valid("ES-mx")).isTrue();

        assertThat(LanguageTags.valid(null)).isFalse();
        assertThat(LanguageTags.valid("")).isFalse();
        assertThat(LanguageTags.valid("not a tag!")).isFalse();
        assertThat(LanguageTags.valid("und")).as("names no language").isFalse();
        assertThat(LanguageTags.valid("en-" + "x-abcdefgh-".repeat(4) + "a")).as("well-formed, but 50 long").isFalse();
    }
}
