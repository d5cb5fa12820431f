package com.coachway.hub.templates;

import java.util.List;
import java.util.Map;

import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * {@code Reason: {{ reason | sentence }}}: upstream free text ended as one sentence. A full stop is added unless the
 * text already ends with one (or with {@code !}, {@code ?} or an ellipsis, before any closing quote or bracket), so
 * "Reason: The venue moved its opening time." never reads "…time..", and "Reason: off route" still gets its stop.
 */
final class SentenceFilter implements Filter {

    private static final String CLOSERS = ")]}\"'’”»";
    private static final String ENDS = ".!?…";

    @Override
    public List<String> getArgumentNames() {
        return List.of();
    }

    @Override
    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
            int lineNumber) {
        if (input == null) {
            return null;
        }
        String text = input.toString().strip();
        int last = text.length() - 1;
        while (last >= 0 && CLOSERS.indexOf(text.charAt(last)) >= 0) {
            last--;
        }
        return last >= 0 && ENDS.indexOf(text.charAt(last)) >= 0 ? text : text + ".";
    }
}
