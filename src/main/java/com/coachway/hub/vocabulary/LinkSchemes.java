package com.coachway.hub.vocabulary;

import java.util.Locale;
import java.util.Set;

/**
 * Which links a message may carry at all (API.md §8): the web, mail, phone, or a relative link. {@code javascript:},
 * {@code data:} and other schemes that run code or read local files never reach a person, however they are written.
 */
public final class LinkSchemes {

    public static final String ALLOWED = "http(s), mailto and tel links";

    private static final Set<String> WEB = Set.of("http", "https");
    // what a link in an email may be besides the web: a mail address, a phone number, a place in the same page
    private static final Set<String> HARMLESS = Set.of("mailto", "tel");
    // what runs code or reads local files when a person clicks it
    private static final Set<String> DANGEROUS = Set.of("javascript", "vbscript", "data", "file");

    private LinkSchemes() {
    }

    /** Whether a link may appear in a message: the web, mail, phone, or a relative link. */
    public static boolean safe(String href) {
        String scheme = scheme(href);
        return scheme == null || WEB.contains(scheme) || HARMLESS.contains(scheme);
    }

    /** Whether a text is a link that runs code or reads local files ({@code javascript:}, {@code data:}). */
    public static boolean dangerous(String text) {
        String scheme = scheme(text);
        return scheme != null && DANGEROUS.contains(scheme);
    }

    /** Whether a link goes to the web ({@code http} or {@code https}). */
    public static boolean web(String href) {
        String scheme = scheme(href);
        return scheme != null && WEB.contains(scheme);
    }

    // the scheme as a browser reads it: lower case, whitespace and control characters ignored ("java\tscript:")
    private static String scheme(String href) {
        if (href == null) {
            return null;
        }
        String cleaned = href.codePoints().filter(c -> c > 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        int colon = cleaned.indexOf(':');
        int slash = cleaned.indexOf('/');
        if (colon <= 0 || slash >= 0 && slash < colon) {
            return null;
        }
        return cleaned.substring(0, colon).toLowerCase(Locale.ROOT);
    }
}
