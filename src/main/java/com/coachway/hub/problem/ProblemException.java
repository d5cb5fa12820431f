package com.coachway.hub.problem;

import java.util.List;

import org.springframework.http.ProblemDetail;

/** Thrown by request handling to answer with a specific problem document. */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;

    public ProblemException(ProblemDetail problem) {
        super(problem.getTitle() + ": " + problem.getDetail());
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(
                Problems.withErrors(Problems.of(400, "invalid-request", "Invalid request", detail), errors));
    }

    public static ProblemException malformed(String detail) {
        return new ProblemException(Problems.of(400, "malformed-json", "Malformed JSON", detail));
    }

    /**
     * A 404 for a thing the caller named: "No lead lead_123". The id comes from the path, so an overlong one is
     * clipped rather than echoed whole.
     */
    public static ProblemException notFound(String what, String id) {
        String shown = id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "…" : id;
        return new ProblemException(Problems.of(404, "not-found", "Not found", "No " + what + " " + shown));
    }

    /** The numeric id in a path; anything else names nothing there, a 404 like an unknown id. */
    public static long numericId(String raw, String what) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw notFound(what, raw);
        }
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problems.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(
                Problems.of(415, "unsupported-media-type", "Unsupported media type", detail));
    }

    public static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(Problems.of(413, "payload-too-large", "Payload too large", detail));
    }
}
