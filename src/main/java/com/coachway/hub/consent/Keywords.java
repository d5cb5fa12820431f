package com.coachway.hub.consent;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The SMS / WhatsApp keywords of API.md §7. Only a message that is exactly one keyword counts (case and surrounding
 * whitespace aside): "STOP please" is a message, not an opt-out. What a phone may add invisibly (full-width letters,
 * control or direction marks) does not hide a keyword: when in doubt, an opt-out is honoured.
 */
public final class Keywords {

    static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT",
            "REVOKE");
    static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");
    static final Set<String> HELP = Set.of("HELP", "INFO");
    // longer than any keyword with room for padding: no need to normalise a whole essay
    private static final int MAX_KEYWORD_MESSAGE = 64;

    /** What a message asks for. */
    public enum Intent {
        OPT_OUT, OPT_IN, HELP, NONE
    }

    private Keywords() {
    }

    public static Intent of(String body) {
        String word = word(body);
        if (word == null) {
            return Intent.NONE;
        }
        if (OPT_OUT.contains(word)) {
            return Intent.OPT_OUT;
        }
        if (OPT_IN.contains(word)) {
            return Intent.OPT_IN;
        }
        return HELP.contains(word) ? Intent.HELP : Intent.NONE;
    }

    /** The keywords of an intent, upper-cased as stored; none for {@code NONE}. */
    public static Set<String> words(Intent intent) {
        return switch (intent) {
            case OPT_OUT -> OPT_OUT;
            case OPT_IN -> OPT_IN;
            case HELP -> HELP;
            case NONE -> Set.of();
        };
    }

    /** The keyword itself, upper-cased, when the message is one; else null. */
    public static String keyword(String body) {
        return of(body) == Intent.NONE ? null : word(body);
    }

    private static String word(String body) {
        if (body == null || body.strip().length() > MAX_KEYWORD_MESSAGE) {
            return null;
        }
        String folded = Normalizer.normalize(body.strip(), Normalizer.Form.NFKC)
                .codePoints()
                .filter(c -> Character.getType(c) != Character.CONTROL || Character.isWhitespace(c))
                .filter(c -> Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return folded.strip().toUpperCase(Locale.ROOT);
    }
}
