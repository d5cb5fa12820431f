package com.coachway.hub.vocabulary;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words the hub itself writes to the people it messages (an email's footer, the unsubscribe page), from
 * {@code i18n/email*.properties}: English, and the languages with a file of their own.
 */
public final class RecipientWords {

    /** The languages with a file of their own, English first. */
    public static final List<Locale> OFFERED = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"), Locale.FRENCH,
            Locale.GERMAN, Locale.forLanguageTag("pt"), Locale.ITALIAN);

    // no fallback to the JVM's own locale: a language without a file of its own gets the English base file
    private static final ResourceBundle.Control BASE_ONLY = ResourceBundle.Control
            .getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private RecipientWords() {
    }

    /** The words in {@code language} (a BCP 47 tag; null, or a language without a file, reads English). */
    public static ResourceBundle in(String language) {
        return ResourceBundle.getBundle("i18n/email", language == null ? Locale.ROOT : Locale.forLanguageTag(language),
                BASE_ONLY);
    }

    /**
     * The language of a page reached from an email: the email's own when it has words of its own other than English
     * (a Spanish email's link opens a Spanish page, whatever the browser says), else the browser's, as
     * {@link #forReader}.
     *
     * @param emailLanguage the email's BCP 47 tag; null when unknown or the default
     */
    public static String forEmailReader(String emailLanguage, String acceptLanguage) {
        if (emailLanguage != null) {
            String language = Locale.forLanguageTag(emailLanguage).getLanguage();
            if (!language.equals(Locale.ENGLISH.getLanguage())
                    && OFFERED.stream().anyMatch(offered -> offered.getLanguage().equals(language))) {
                return language;
            }
        }
        return forReader(acceptLanguage);
    }

    /** The offered language a browser asks for first ({@code Accept-Language}), else English. */
    public static String forReader(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1000) {
            return Locale.ENGLISH.getLanguage();
        }
        try {
            Locale found = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), OFFERED);
            return (found == null ? Locale.ENGLISH : found).getLanguage();
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH.getLanguage();
        }
    }
}
