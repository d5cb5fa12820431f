package com.coachway.hub.consent;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SMS / WhatsApp keywords of API.md §7, case and surrounding whitespace aside. What a phone may add invisibly
 * (full-width letters, control or direction marks) does not hide a keyword: when in doubt, an opt-out is honoured. So
 * is "Stop." or "STOP!": punctuation around an opt-out keyword does not change what the person asked for. It does not
 * make an opt-in ("Yes." answering a question must not subscribe anyone again) nor a request for help.
 * <p>
 * A person asking to stop in a few words ("STOP ALL", "Stop please", "opt out", "unsubscribe me") has asked to stop
 * too, and US rules since 2025 say such a reply revokes consent. Only the unmistakable keywords count in a phrase, and
 * only beside words of courtesy: "Cancel please" may be about a trip, and "Stop at Main St" is a message.
 */
public final class Keywords {

    static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT",
            "REVOKE");
    static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");
    static final Set<String> HELP = Set.of("HELP", "INFO");
    // in a phrase: never CANCEL, END or QUIT, which a charter's customer may say of a trip
    private static final Set<String> PHRASE_OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT");
    private static final Set<String> COURTESY = Set.of("PLEASE", "PLS", "PLZ", "ALL", "NOW", "ME", "IT", "THANKS",
            "THANK", "YOU", "THX", "TEXTING", "TEXTS", "MESSAGING", "MESSAGES", "SENDING");
    private static final Pattern NOT_LETTERS_AROUND = Pattern.compile("^\\P{L}+|\\P{L}+$");
    private static final Pattern OPT_OUT_WORDS = Pattern.compile("\\bOPT[\\s-]+OUT\\b");
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
        if (optOut(word) != null) {
            return Intent.OPT_OUT;
        }
        if (OPT_IN.contains(word)) {
            return Intent.OPT_IN;
        }
        return HELP.contains(word) ? Intent.HELP : Intent.NONE;
    }

    /** Whether a provider's word for what it matched (Twilio's {@code OptOutType}) names a keyword the hub acts on. */
    static boolean names(String matched) {
        return matched != null && of(matched) != Intent.NONE;
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
            case OPT_OUT -> optOut(word(body));
            default -> word(body);
        };
    }

    /**
     * Whether the message asks to stop in words Twilio does not act on itself (it answers a lone keyword with its own
     * confirmation, never a phrase), so the hub confirms the opt-out.
     */
    static boolean inAPhrase(String body) {
        return of(body) == Intent.OPT_OUT && !OPT_OUT.contains(unpunctuated(word(body)));
    }

    /**
     * Whether the message is one of {@code phrases} and nothing else, read as a keyword is: case, invisible marks,
     * spacing and punctuation around it aside ("stop promotions!" is "Stop promotions").
     */
    static boolean isOneOf(String body, Collection<String> phrases) {
        String said = word(body);
        if (said == null) {
            return false;
        }
        String bare = unpunctuated(said).replaceAll("\\s+", " ");
        return !bare.isEmpty() && phrases.stream().map(Keywords::word).filter(Objects::nonNull)
                .anyMatch(phrase -> unpunctuated(phrase).replaceAll("\\s+", " ").equals(bare));
    }

    private static String optOut(String word) {
        String lone = unpunctuated(word);
        return OPT_OUT.contains(lone) ? lone : phrased(word);
    }

    // the first keyword of a short phrase made of unmistakable keywords and words of courtesy ("STOP" of "Stop it
    // please!"), or null when any other word is in it
    private static String phrased(String text) {
        String keyword = null;
        for (String token : OPT_OUT_WORDS.matcher(text).replaceAll("OPTOUT").split("\\s+")) {
            String bare = NOT_LETTERS_AROUND.matcher(token).replaceAll("");
            if (bare.isEmpty() || COURTESY.contains(bare)) {
                continue; // "🙏", "!!", "please"
            }
            if (!PHRASE_OPT_OUT.contains(bare)) {
                return null;
            }
            keyword = keyword == null ? bare : keyword;
        }
        return keyword;
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
