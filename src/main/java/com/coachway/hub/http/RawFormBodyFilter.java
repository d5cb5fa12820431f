package com.coachway.hub.http;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.coachway.hub.problem.Problems;

/**
 * Hands the webhook and unsubscribe routes the form body exactly as the sender wrote it. The HTTP binding would
 * otherwise parse the form into a map of its own (with '+' decoded but %-escapes not), and a signature over the
 * parameters cannot be checked against that. The request reaches the route as raw bytes; the original content type
 * travels in {@value #ORIGINAL_CONTENT_TYPE}. Bodies are small: over {@value #MAX_BYTES} bytes is a 413.
 */
final class RawFormBodyFilter extends OncePerRequestFilter {

    static final String ORIGINAL_CONTENT_TYPE = "X-Hub-Form-Content-Type";
    static final int MAX_BYTES = 64 * 1024;

    private final ProblemReplies problems;

    RawFormBodyFilter(ProblemReplies problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (!"POST".equals(request.getMethod()) || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            chain.doFilter(new WithoutOriginalType(request), response);
            return;
        }
        byte[] body = BufferedBodies.readAtMost(request.getInputStream(), MAX_BYTES + 1L);
        if (body.length > MAX_BYTES) {
            response.setHeader("Connection", "close");
            problems.of(Problems.of(413, "payload-too-large", "Payload too large",
                    "A form body may be at most " + MAX_BYTES / 1024 + " KiB.")).writeTo(response);
            return;
        }
        chain.doFilter(new RawBody(new BufferedBodyRequest(request, body), contentType), response);
    }

    /** Drops a client-sent {@value #ORIGINAL_CONTENT_TYPE}: only this filter may set it. */
    private static class WithoutOriginalType extends HttpServletRequestWrapper {

        WithoutOriginalType(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return ORIGINAL_CONTENT_TYPE.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return ORIGINAL_CONTENT_TYPE.equalsIgnoreCase(name)
                    ? Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !ORIGINAL_CONTENT_TYPE.equalsIgnoreCase(name))
                    .toList());
        }
    }

    private static final class RawBody extends WithoutOriginalType {

        private static final String RAW = "application/octet-stream";

        private final String originalType;

        RawBody(BufferedBodyRequest request, String originalType) {
            super(request);
            this.originalType = originalType;
        }

        @Override
        public String getContentType() {
            return RAW;
        }

        @Override
        public String getHeader(String name) {
            if ("Content-Type".equalsIgnoreCase(name)) {
                return RAW;
            }
            return ORIGINAL_CONTENT_TYPE.equalsIgnoreCase(name) ? originalType : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            if ("Content-Type".equalsIgnoreCase(name) || ORIGINAL_CONTENT_TYPE.equalsIgnoreCase(name)) {
                return Collections.enumeration(value == null ? List.of() : List.of(value));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.add(ORIGINAL_CONTENT_TYPE);
            return Collections.enumeration(names);
        }
    }
}
