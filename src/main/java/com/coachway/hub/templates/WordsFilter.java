package com.coachway.hub.templates;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pebbletemplates.pebble.template.EvaluationContext;

/**
 * {@code {{ document_type | words }}}: a code an upstream system wrote for machines read as words, so a vendor is
 * asked for their "insurance certificate", not their "insurance_certificate", and a manager woken at 3 a.m. reads
 * "gps signal lost". A code is one run of letters, digits and underscores in snake_case, SCREAMING_SNAKE_CASE or
 * camelCase; it becomes lower-case words. Anything else (free text, a single word, an address) is left as written,
 * so the filter is safe on a field that is sometimes a code and sometimes a sentence.
 */
final class WordsFilter extends ValueFilter {

    private static final Pattern CODE = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern BOUNDARY = Pattern.compile("_+|(?<=\\p{Ll}|\\d)(?=\\p{Lu})");

    @Override
    Object show(Object input, EvaluationContext context) {
        String text = input.toString().strip();
        if (!CODE.matcher(text).matches()) {
            return input;
        }
        String words = Arrays.stream(BOUNDARY.split(text))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.joining(" "));
        // one word with no underscore or camel hump ("CDL", "Weather") is no code: it keeps its case
        return words.equals(text) ? input : words.toLowerCase(Locale.ROOT);
    }
}
