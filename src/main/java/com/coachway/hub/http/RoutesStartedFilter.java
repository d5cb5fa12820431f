package com.coachway.hub.http;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.coachway.hub.problem.Problems;

/**
 * Tomcat listens a moment before the routes behind the API are started, and keeps listening while they stop. In
 * between, an API, webhook or ops call is answered 503 with Retry-After, which every client retries, instead of
 * 404 "no static resource", which a careful client takes as final (API.md §1).
 */
final class RoutesStartedFilter extends OncePerRequestFilter {

    static final int RETRY_AFTER_SECONDS = 5;

    private final BooleanSupplier routesStarted;
    private final ProblemReplies problems;

    RoutesStartedFilter(BooleanSupplier routesStarted, ProblemReplies problems) {
        this.routesStarted = routesStarted;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!routesStarted.getAsBoolean()) {
            problems.retryLater(Problems.of(503, "starting-or-stopping", "Not ready",
                    "The hub is starting or stopping; nothing was accepted. Retry after " + RETRY_AFTER_SECONDS
                            + " seconds"),
                    RETRY_AFTER_SECONDS)
                    .writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }
}
