package com.coachway.hub.http;

import java.io.EOFException;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.coachway.hub.CloudEventsMedia;
import com.coachway.hub.problem.Problems;

/**
 * Refuses bodies over the limit with 413 before anything reads them. A declared Content-Length is checked at once; a
 * chunked body is read up to the limit and no further. A gzip body (Content-Encoding: gzip) is unpacked here, and the
 * limit holds for what it unpacks to: a few KiB of gzip can hold gigabytes. It goes on as the plain body it holds.
 * Other content codings are a 415: the routes would read their bytes as JSON.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final String CONTENT_ENCODING = "Content-Encoding";
    private static final Set<String> GZIP = Set.of("gzip", "x-gzip");

    private final HttpProperties limits;
    private final ProblemReplies problems;

    BodySizeLimitFilter(HttpProperties limits, ProblemReplies problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String coding = coding(request);
        if (coding != null && !GZIP.contains(coding)) {
            response.setHeader("Accept-Encoding", "gzip, identity");
            problems.of(Problems.of(415, "unsupported-content-encoding", "Unsupported content encoding",
                    "Content-Encoding " + coding + " is not accepted: send the body as it is, or gzipped."))
                    .writeTo(response);
            return;
        }
        long limit = limitFor(request.getContentType());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit, "");
            return;
        }
        if (coding != null) {
            gunzip(request, response, chain, limit);
            return;
        }
        if (declared >= 0 || !hasBody(request) || isForm(request.getContentType())) {
            // forms are parsed by the container, which enforces server.tomcat.max-http-form-post-size
            chain.doFilter(request, response);
            return;
        }
        byte[] body = BufferedBodies.readAtMost(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            tooLarge(response, limit, "");
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void gunzip(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long limit)
            throws ServletException, IOException {
        byte[] body;
        try {
            body = BufferedBodies.readAtMost(new GZIPInputStream(request.getInputStream()), limit + 1);
        } catch (ZipException | EOFException e) {
            problems.of(Problems.of(400, "malformed-body", "Malformed body",
                    "The body says Content-Encoding gzip but is not whole gzip data (" + e.getMessage() + ")."))
                    .writeTo(response);
            return;
        }
        if (body.length > limit) {
            tooLarge(response, limit, " unpacked");
            return;
        }
        chain.doFilter(new Unpacked(request, body), response);
    }

    /** The request's content coding in lower case, or null for none ({@code identity} is none). */
    private static String coding(HttpServletRequest request) {
        String coding = request.getHeader(CONTENT_ENCODING);
        if (coding == null || coding.isBlank() || "identity".equalsIgnoreCase(coding.trim())) {
            return null;
        }
        return coding.trim().toLowerCase(Locale.ROOT);
    }

    long limitFor(String contentType) {
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith(CloudEventsMedia.BATCH)) {
            return limits.maxBatchBodySize().toBytes();
        }
        return limits.maxBodySize().toBytes();
    }

    private void tooLarge(HttpServletResponse response, long limit, String how) throws IOException {
        response.setHeader("Connection", "close");
        problems.of(Problems.of(413, "payload-too-large", "Payload too large",
                "The request body" + how + " is larger than " + limit / 1024 + " KiB.")).writeTo(response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        String method = request.getMethod();
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The unpacked body, with no Content-Encoding left for the HTTP binding to unpack again. */
    private static final class Unpacked extends BufferedBodyRequest {

        Unpacked(HttpServletRequest request, byte[] body) {
            super(request, body);
        }

        @Override
        public String getHeader(String name) {
            return CONTENT_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CONTENT_ENCODING.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !CONTENT_ENCODING.equalsIgnoreCase(name)).toList());
        }
    }
}
