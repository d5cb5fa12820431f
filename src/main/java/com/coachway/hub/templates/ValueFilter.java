package com.coachway.hub.templates;

import java.util.List;
import java.util.Map;

import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/** A filter without arguments that shows one value its way; a missing value stays missing. */
abstract class ValueFilter implements Filter {

    @Override
    public final List<String> getArgumentNames() {
        return List.of();
    }

    @Override
    public final Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
            int lineNumber) {
        return input == null ? null : show(input, context);
    }

    /** {@code input}, never null, as the message shows it; {@code context} gives the locale. */
    abstract Object show(Object input, EvaluationContext context);
}
