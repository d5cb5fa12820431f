/**
 * RFC 9457 problem details: the one error shape every endpoint answers with, as Spring's {@code ProblemDetail}.
 * <p>
 * Offers: {@code Problems} (the hub's problem types), {@code FieldError} (one field at fault) and
 * {@code ProblemException}, thrown anywhere to answer with a problem.
 */
package com.coachway.hub.problem;
