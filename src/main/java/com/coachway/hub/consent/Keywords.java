package com.coachway.hub.consent;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SMS / WhatsApp keywords of API.md §7. Only a message that is exactly one keyword counts (case and surrounding
 * whitespace aside): "STOP please" is a message, not an opt-out. What a phone may add invisibly (full-width letters,
 * control or direction marks) does not hide a keyword: when in doubt, an opt-out is honoured. So is "Stop." or
 * "STOP!": punctuation around an opt-out keyword does not change what the person asked for. It does not make an
 * opt-in ("Yes." answering a question must not subscribe anyone again) nor a request for help.
 */
public final class Keywords {

    static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT",
            "REVOKE");
    static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");
    static final Set<String> HELP = Set.of("HELP", "INFO");
    // longer than any keyword with room for padding: no need to normalise a whole essay
    private static final int MAX_KEYWORD_MESSAGE = 64;
    private static final Pattern PUNCTUATION_AROUND = Pattern.compile("^[\\p{P}\\s]+|[\\p{P}\\s]+$");

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
        if (OPT_OUT.contains(word) || OPT_OUT.contains(unpunctuated(word))) {
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
        return switch (of(body)) {
            case NONE -> null;
            case OPT_OUT -> unpunctuated(word(body));
            default -> word(body);
        };
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

    private static String unpunctuated(String word) {
        return PUNCTUATION_AROUND.matcher(word).replaceAll("");
    }
}
