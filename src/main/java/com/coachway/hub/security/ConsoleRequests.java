package com.coachway.hub.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What sets a person's console requests apart: which need a CSRF token, which are pages (an anonymous browser is sent
 * to the login form), and where the console gets its token.
 * <p>
 * A forged cross-site request can carry the browser's cookies but never an {@code Authorization} or
 * {@code X-Api-Key} header, so a write needs the token exactly when a cookie is all that could authorize it. The
 * login form always needs it. Paths that authenticate by the token in their URL or a provider's signature take no
 * session and are left alone: a logged-in person's cookie must not break their unsubscribe page.
 */
final class ConsoleRequests {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final String[] SIGNED_PATHS = {"/webhooks/", "/t/", "/u/"};

    private ConsoleRequests() {
    }

    static boolean required(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return false;
        }
        String path = path(request);
        if (path.equals(SecurityConfig.LOGIN_PAGE)) {
            return true;
        }
        for (String signed : SIGNED_PATHS) {
            if (path.startsWith(signed)) {
                return false;
            }
        }
        return request.getCookies() != null && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getHeader(ApiKeyAuthenticationFilter.API_KEY_HEADER) == null;
    }

    /** A page of the console (not its API): a browser without a session is sent to the login form. */
    static boolean consolePage(HttpServletRequest request) {
        String path = path(request);
        return "GET".equals(request.getMethod()) && (path.equals("/ops") || path.startsWith("/ops/"))
                && !path.startsWith("/ops/api/");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /**
     * Tokens are made only when asked for; a console page asks, so the browser holds the {@code XSRF-TOKEN} cookie
     * before its first write. API callers never get one.
     */
    static final class IssueToken extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (consolePage(request) && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
