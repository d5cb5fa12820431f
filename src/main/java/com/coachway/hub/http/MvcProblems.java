package com.coachway.hub.http;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own errors (a path with nothing on it, a method the path does not take, a media type it cannot
 * produce) as RFC 9457 problems in the hub's vocabulary: a type under {@code https://coachway.example/problems/},
 * as every other error of the hub has, so a client can tell problems apart by type, and no word of Spring's insides
 * (Spring says "No static resource …" for any unknown path). Spring's wording is kept where it helps the caller
 * ("Method 'DELETE' is not supported."), and so are its headers ({@code Allow}). Being a
 * {@link ResponseEntityExceptionHandler}, it replaces Spring Boot's own problem-details handler.
 */
@RestControllerAdvice
class MvcProblems extends ResponseEntityExceptionHandler {

    private static final URI UNTYPED = URI.create("about:blank");

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail spring && UNTYPED.equals(spring.getType())) {
            ProblemDetail hub = ProblemErrorController.problem(status.value());
            if (status.value() != 404 && spring.getDetail() != null) {
                hub.setDetail(spring.getDetail());
            }
            return super.createResponseEntity(hub, headers, status, request);
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
