package com.coachway.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a sign-in that {@link LoginThrottle} says must wait, before its password is checked: HTTP Basic gets 429
 * problem+json with Retry-After, the login form goes back to the login page, which says how long to wait.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final String BASIC = "basic ";

    private final LoginThrottle throttle;
    private final ProblemSecurityHandlers problems;

    LoginThrottleFilter(LoginThrottle throttle, ProblemSecurityHandlers problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = loginForm(request);
        String user = form ? request.getParameter("username") : basicUser(request);
        Optional<Duration> wait = user == null ? Optional.empty() : throttle.wait(user, request.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        throttle.held(form ? "form" : "basic");
        if (form) {
            response.sendRedirect(SecurityConfig.LOGIN_PAGE + "?locked=" + seconds);
        } else {
            problems.tooManySignIns(response, seconds);
        }
    }

    private static boolean loginForm(HttpServletRequest request) {
        return HttpMethod.POST.matches(request.getMethod()) && SecurityConfig.LOGIN_PAGE.equals(
                request.getRequestURI());
    }

    /** The user name of {@code Authorization: Basic}, or null when there is none or it cannot be read. */
    private static String basicUser(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BASIC)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : pair.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null; // HTTP Basic refuses it on its own
        }
    }
}
