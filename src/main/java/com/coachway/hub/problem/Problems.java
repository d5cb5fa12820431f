package com.coachway.hub.problem;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The hub's RFC 9457 problems, as Spring's {@link ProblemDetail}: a type URI per kind of problem under
 * {@code https://coachway.example/problems/}, and the {@code errors} array of API.md listing every field at fault.
 */
public final class Problems {

    static final String TYPE_BASE = "https://coachway.example/problems/";
    private static final String ERRORS = "errors";

    private Problems() {
    }

    /** A problem whose type URI is {@code https://coachway.example/problems/<slug>}. */
    public static ProblemDetail of(int status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** The same problem listing {@code errors} (none: no {@code errors} member at all). */
    public static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty(ERRORS, List.copyOf(errors));
        }
        return problem;
    }

    /** The fields at fault, or none. */
    @SuppressWarnings("unchecked")
    public static List<FieldError> errors(ProblemDetail problem) {
        Object errors = problem.getProperties() == null ? null : problem.getProperties().get(ERRORS);
        return errors instanceof List<?> list ? (List<FieldError>) list : List.of();
    }
}
