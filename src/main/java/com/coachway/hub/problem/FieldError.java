package com.coachway.hub.problem;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * One validation problem.
 *
 * @param field the offending field, as a JSON path-like name ({@code source}, {@code data.client.phone}, {@code [3].id})
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {

    /** A value outside a closed list, said the same way everywhere: "must be one of sms, whatsapp". */
    public static FieldError oneOf(String field, Collection<?> allowed) {
        return new FieldError(field, oneOf(allowed));
    }

    /** What {@link #oneOf(String, Collection)} says, for a message that goes on. */
    public static String oneOf(Collection<?> allowed) {
        return "must be one of " + allowed.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** A query parameter or header that came more than once, where the hub cannot tell which one was meant. */
    public static FieldError repeated(String field) {
        return new FieldError(field, "must be given once");
    }
}
