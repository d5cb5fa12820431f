package com.coachway.hub.problem;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The shape of every problem the hub answers (RFC 9457, {@code application/problem+json}), as the API description
 * shows it. The hub writes Spring's {@code ProblemDetail} through {@link Problems}; this record only names its members.
 *
 * @param type what kind of problem, a URI under {@code https://coachway.example/problems/}
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time
 * @param instance the request path
 * @param errors every field at fault, for a validation problem
 */
@Schema(name = "Problem", description = "An RFC 9457 problem; errors lists every field at fault.")
public record ProblemBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) URI type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int status, String detail, String instance,
        List<FieldError> errors) {
}
