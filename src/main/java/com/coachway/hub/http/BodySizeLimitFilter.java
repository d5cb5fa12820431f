package com.coachway.hub.http;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.problem.Problems;

/**
 * Refuses bodies over the limit with 413 before anything reads them. A declared Content-Length is checked at once; a
 * chunked body is read up to the limit and no further.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final HttpProperties limits;
    private final ProblemReplies problems;

    BodySizeLimitFilter(HttpProperties limits, ProblemReplies problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request.getContentType());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit);
            return;
        }
        if (declared >= 0 || !hasBody(request) || isForm(request.getContentType())) {
            // forms are parsed by the container, which enforces server.tomcat.max-http-form-post-size
            chain.doFilter(request, response);
            return;
        }
        byte[] body = BufferedBodies.readAtMost(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            tooLarge(response, limit);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    long limitFor(String contentType) {
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith(CloudEventsMedia.BATCH)) {
            return limits.maxBatchBodySize().toBytes();
        }
        return limits.maxBodySize().toBytes();
    }

    private void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");
        problems.of(Problems.of(413, "payload-too-large", "Payload too large",
                "The request body is larger than " + limit / 1024 + " KiB.")).writeTo(response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        String method = request.getMethod();
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
