package com.coachway.hub.http;

import java.util.Collection;
import java.util.List;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;

/** The optional {@code Idempotency-Key} header of a POST that creates something: the same key, the same thing. */
public final class IdempotencyKeys {

    private static final String RULE = "must be 1-255 visible ASCII characters";

    private IdempotencyKeys() {
    }

    /**
     * The key as sent, or null when there is none; one that cannot be a key is a 400, and so is the header sent twice.
     *
     * @param header the header as the request carried it: a text, or a list when it came more than once
     */
    public static String checked(Object header) {
        Object value = header;
        if (header instanceof Collection<?> values) {
            if (values.size() > 1) {
                // joined, "k1,k2" would be a key nobody sent
                FieldError repeated = FieldError.repeated("Idempotency-Key");
                throw ProblemException.badRequest(repeated.field() + " " + repeated.message(), List.of(repeated));
            }
            value = values.stream().findFirst().orElse(null);
        }
        String key = value == null ? null : value.toString();
        if (key != null && (key.isBlank() || key.length() > 255 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw ProblemException.badRequest("Idempotency-Key " + RULE, List.of(new FieldError("Idempotency-Key",
                    RULE)));
        }
        return key;
    }

    /** The 409 for a key already used for a different request, naming what that request made. */
    public static ProblemException reused(String made) {
        return new ProblemException(Problems.of(409, "idempotency-key-reused", "Idempotency-Key reused",
                "This Idempotency-Key was used for a different request (" + made + ")"));
    }
}
