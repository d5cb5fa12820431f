package com.coachway.hub.vocabulary;

import java.util.IllformedLocaleException;
import java.util.Locale;

/**
 * A BCP 47 language tag ({@code en}, {@code es-MX}): a recipient's {@code locale} and a template's {@code language},
 * checked the same way wherever one is taken in.
 */
public final class LanguageTags {

    /** What a refused tag is told, after the field's name. */
    public static final String EXPECTED = "is not a language tag such as en or es-MX";

    private LanguageTags() {
    }

    /** The longest tag taken, as the event schemas' {@code locale} has it (RFC 5646 asks to support 35). */
    public static final int MAX_LENGTH = 35;

    /** Whether {@code tag} is a well-formed BCP 47 tag that names a language, at most {@link #MAX_LENGTH} long. */
    public static boolean valid(String tag) {
        if (tag == null || tag.length() > MAX_LENGTH) {
            return false;
        }
        try {
            return !new Locale.Builder().setLanguageTag(tag).build().getLanguage().isEmpty();
        } catch (IllformedLocaleException e) {
            return false;
        }
    }
}
