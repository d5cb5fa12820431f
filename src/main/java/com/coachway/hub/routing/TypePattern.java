package com.coachway.hub.routing;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An event-type pattern in AMQP topic style: words separated by dots, {@code *} stands for exactly one word and
 * {@code #} for zero or more. {@code change.case.*} matches {@code change.case.approved}.
 */
record TypePattern(String pattern) {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_:-]+|\\*|#");

    /** Why the pattern is unusable, or null when it is fine. */
    static String problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "an event-type pattern must not be empty";
        }
        for (String word : pattern.split("\\.", -1)) {
            if (!WORD.matcher(word).matches()) {
                return "'" + pattern + "' is not an event-type pattern (dot-separated words, '*' for one word, "
                        + "'#' for any number)";
            }
        }
        return null;
    }

    boolean matches(String type) {
        return matches(Arrays.asList(pattern.split("\\.")), Arrays.asList(type.split("\\.", -1)));
    }

    private static boolean matches(List<String> pattern, List<String> words) {
        if (pattern.isEmpty()) {
            return words.isEmpty();
        }
        String head = pattern.get(0);
        if (head.equals("#")) {
            for (int skip = 0; skip <= words.size(); skip++) {
                if (matches(pattern.subList(1, pattern.size()), words.subList(skip, words.size()))) {
                    return true;
                }
            }
            return false;
        }
        if (words.isEmpty()) {
            return false;
        }
        return (head.equals("*") || head.equals(words.get(0)))
                && matches(pattern.subList(1, pattern.size()), words.subList(1, words.size()));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
