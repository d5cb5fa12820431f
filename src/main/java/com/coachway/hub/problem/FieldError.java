package com.coachway.hub.problem;

/**
 * One validation problem.
 *
 * @param field the offending field, as a JSON path-like name ({@code source}, {@code data.client.phone}, {@code [3].id})
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {

    /** A query parameter or header that came more than once, where the hub cannot tell which one was meant. */
    public static FieldError repeated(String field) {
        return new FieldError(field, "must be given once");
    }
}
