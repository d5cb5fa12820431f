package com.coachway.hub.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What a REST route answers: status, content type and the body already written (JSON, HTML, or bytes).
 *
 * @param status HTTP status code
 * @param contentType the Content-Type of the body, or null when there is no body (204)
 * @param body the body: a {@code String} or a {@code byte[]}
 * @param retryAfterSeconds value of Retry-After, or null
 * @param location value of Location (a redirect), or null
 */
public record HttpReply(int status, String contentType, Object body, Integer retryAfterSeconds, String location) {

    public HttpReply {
        if (!(body instanceof String || body instanceof byte[])) {
            throw new IllegalArgumentException("a reply body is a String or a byte[]");
        }
    }

    public HttpReply(int status, String contentType, String body, Integer retryAfterSeconds) {
        this(status, contentType, body, retryAfterSeconds, null);
    }

    public static HttpReply json(int status, String body) {
        return new HttpReply(status, "application/json", body, null);
    }

    /** 204: nothing to say, so no Content-Type either (RFC 9110 §15.3.5). */
    public static HttpReply noContent() {
        return new HttpReply(204, null, "", null);
    }

    /** Writes this reply from a servlet filter (outside Camel); JSON is UTF-8 by definition, no charset added. */
    public void writeTo(HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        if (retryAfterSeconds != null) {
            response.setHeader("Retry-After", retryAfterSeconds.toString());
        }
        if (location != null) {
            response.setHeader("Location", location);
        }
        byte[] bytes = body instanceof byte[] raw ? raw : ((String) body).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
