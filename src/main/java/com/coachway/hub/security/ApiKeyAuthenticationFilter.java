package com.coachway.hub.security;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}. A key that is presented but unknown
 * is refused here with 401, and so are two different keys; requests without a key go on to HTTP Basic or to the 401
 * of the entry point.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "bearer ";

    private final ApiKeyRegistry keys;
    private final ProblemSecurityHandlers problems;

    ApiKeyAuthenticationFilter(ApiKeyRegistry keys, ProblemSecurityHandlers problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Set<String> presentedKeys = presentedKeys(request);
        if (presentedKeys.size() > 1) {
            // which one the caller meant is a guess: a proxy adding its own key, or a key left over in a header
            problems.unauthorized(response, "More than one API key was presented (X-Api-Key and Authorization: "
                    + "Bearer together, or one of them twice); send one.");
            return;
        }
        Optional<String> presented = presentedKeys.stream().findFirst();
        if (presented.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = keys.find(presented.get());
        if (caller.isEmpty()) {
            problems.unauthorized(response, "The API key is not known.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(caller.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    // every distinct key of the request: each X-Api-Key header, and each Authorization header that is a Bearer
    private static Set<String> presentedKeys(HttpServletRequest request) {
        Set<String> keys = new LinkedHashSet<>();
        for (String header : Collections.list(request.getHeaders(API_KEY_HEADER))) {
            if (!header.isBlank()) {
                keys.add(header.trim());
            }
        }
        for (String authorization : Collections.list(request.getHeaders("Authorization"))) {
            if (authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
                keys.add(authorization.substring(BEARER.length()).trim());
            }
        }
        return keys;
    }
}
