package com.coachway.hub.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
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
                forbidden(e, SecurityContextHolder.getContext().getAuthentication()))).writeTo(response);
    }

    // names the roles that would do and those the caller has, so an integrator knows which key or user to ask for
    static String forbidden(AccessDeniedException e, Authentication caller) {
        List<String> needed = e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision
                        ? Roles.of(decision.getAuthorities())
                        : List.of();
        List<String> roles = caller == null ? List.of() : Roles.of(caller.getAuthorities());
        String held = roles.isEmpty() ? "none" : String.join(", ", roles);
        return needed.isEmpty()
                ? "Your credentials (roles: " + held + ") do not carry a role this endpoint needs."
                : "This endpoint needs " + (needed.size() == 1 ? "the role " : "one of the roles ")
                        + String.join(", ", needed) + "; your credentials carry " + held + ".";
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
