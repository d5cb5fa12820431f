package com.coachway.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where a caller's security context is kept between requests: in the session, which only the console's login form
 * creates. Spring Security hands one repository to every authentication filter, Basic included; with this one, an
 * API caller authenticated by Basic never gets a session (nor a row in the session table), and a person who signed
 * in keeps theirs.
 */
final class ConsoleSessions implements SecurityContextRepository {

    private final HttpSessionSecurityContextRepository creating = new HttpSessionSecurityContextRepository();
    private final HttpSessionSecurityContextRepository existing = new HttpSessionSecurityContextRepository();

    ConsoleSessions() {
        existing.setAllowSessionCreation(false);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return existing.loadDeferredContext(request);
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return existing.loadContext(holder);
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        boolean signingIn = "POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + SecurityConfig.LOGIN_PAGE);
        (signingIn ? creating : existing).saveContext(context, request, response);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return existing.containsContext(request);
    }
}
