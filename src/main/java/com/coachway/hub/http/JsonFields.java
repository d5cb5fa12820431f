package com.coachway.hub.http;

import java.util.List;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;

/** Reads fields of a JSON request body the same way everywhere, adding a {@link FieldError} for each problem. */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * A text field, stripped: absent or null is null (an error when required); not a string, blank when required,
     * longer than {@code max}, or holding control characters other than line breaks and tabs is an error.
     */
    public static String text(JsonNode json, String field, int max, boolean required, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String text = value.textValue().strip();
        // NUL cannot be stored, and other control characters only hide things from the people who read this
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        if (text.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "must not be blank"));
            }
            return null;
        }
        if (text.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return text;
    }
}
