package com.coachway.hub.http;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.coachway.hub.problem.Problems;

/**
 * The JSON APIs take JSON. Form and multipart bodies are refused with 415 here, before the HTTP binding tries to
 * parse them as form parameters (which fails with a 500 on anything that is not really a form).
 */
final class ApiContentTypeFilter extends OncePerRequestFilter {

    private final ProblemReplies problems;

    ApiContentTypeFilter(ProblemReplies problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && isFormLike(contentType.toLowerCase(Locale.ROOT))) {
            problems.of(Problems.of(415, "unsupported-media-type", "Unsupported media type",
                    "This API takes JSON, not " + contentType.split(";")[0].trim())).writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isFormLike(String contentType) {
        return contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/");
    }
}
