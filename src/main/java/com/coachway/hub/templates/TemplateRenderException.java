package com.coachway.hub.templates;

/** A template could not be rendered with the data given: a missing variable, or a broken expression. */
public class TemplateRenderException extends RuntimeException {

    private final String field;

    public TemplateRenderException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The variable or template part at fault, e.g. {@code data.amount} or {@code email.html}. */
    public String field() {
        return field;
    }
}
