package com.coachway.hub.templates;

import io.pebbletemplates.pebble.template.EvaluationContext;

/**
 * {@code Reason: {{ reason | sentence }}}: upstream free text ended as one sentence. A full stop is added unless the
 * text already ends with one (or with {@code !}, {@code ?} or an ellipsis, before any closing quote or bracket), so
 * "Reason: The venue moved its opening time." never reads "…time..", and "Reason: off route" still gets its stop.
 */
final class SentenceFilter extends ValueFilter {

    private static final String CLOSERS = ")]}\"'’”»";
    private static final String ENDS = ".!?…";

    @Override
    Object show(Object input, EvaluationContext context) {
        String text = input.toString().strip();
        int last = text.length() - 1;
        while (last >= 0 && CLOSERS.indexOf(text.charAt(last)) >= 0) {
            last--;
        }
        return last >= 0 && ENDS.indexOf(text.charAt(last)) >= 0 ? text : text + ".";
    }
}
