package com.coachway.hub.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.problem.Problems;

/** 401, 403 and 429 as problem+json, like every other error the hub gives. */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemReplies problems;

    ProblemSecurityHandlers(ProblemReplies problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        unauthorized(response, "Send an API key (Authorization: Bearer <key> or X-Api-Key) or HTTP Basic credentials.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.of(Problems.of(403, "forbidden", "Forbidden",
                "Your credentials do not carry the role this endpoint needs.")).writeTo(response);
    }

    void tooManySignIns(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        problems.retryLater(Problems.of(429, "too-many-sign-ins", "Too many failed sign-ins",
                "Too many wrong passwords for this user from this address; try again in " + retryAfterSeconds
                        + " seconds."),
                (int) Math.min(Integer.MAX_VALUE, retryAfterSeconds)).writeTo(response);
    }

    void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"coachway-hub\", Basic realm=\"coachway-hub\"");
        problems.of(Problems.of(401, "unauthorized", "Unauthorized", detail)).writeTo(response);
    }
}
