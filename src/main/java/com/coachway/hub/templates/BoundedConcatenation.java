package com.coachway.hub.templates;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.node.expression.ConcatenateExpression;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;

/**
 * Pebble's {@code ~} within what one body may render. Text joined to itself in a loop ({@code set s = s ~ s})
 * doubles at every turn: thirty turns ask for gigabytes, and the engine's limit on the rendered size only looks at
 * what reaches the output, long after the heap has run out on every send of the template.
 */
final class BoundedConcatenation extends ConcatenateExpression {

    @Override
    public String evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
        String joined = super.evaluate(self, context);
        if (joined != null && joined.length() > TemplateRenderer.MAX_RENDERED_CHARS) {
            throw new PebbleException(null, "joins text (~) into " + joined.length() + " characters; one message may"
                    + " hold at most " + TemplateRenderer.MAX_RENDERED_CHARS, getLineNumber(), self.getName());
        }
        return joined;
    }
}
