package com.coachway.hub.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.Problems;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an operation does not take is a 400, not ignored. A query parameter: {@code ?recipent=ana@example.com} listed
 * every notification, easily read as Ana's, and {@code ?channel=sms} every channel's. A body where it takes none: a
 * cancel's {@code {"reason": …}} was dropped unread, a resend's {@code {"channels": ["sms"]}} resent on the old ones.
 * What each operation takes is its OpenAPI description, the committed one that {@code ApiDescriptionTest} keeps
 * equal to the one served.
 */
final class DescribedOperationsFilter extends OncePerRequestFilter {

    static final String DESCRIPTION = "openapi/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    // a body-less operation still reads as sent an empty body or an empty object, as some clients always send one
    private static final Pattern NOTHING = Pattern.compile("\\s*(\\{\\s*})?\\s*");
    private static final int MOST_OF_NOTHING = 256;

    private final List<Operation> operations;
    private final ProblemReplies problems;

    DescribedOperationsFilter(List<Operation> operations, ProblemReplies problems) {
        this.operations = operations;
        this.problems = problems;
    }

    /**
     * One operation of the description.
     *
     * @param method upper case
     * @param template the path as the description writes it, e.g. {@code /api/v1/notifications/{id}}
     * @param path the template as a pattern
     * @param params the names of its query parameters, in the description's order
     * @param body whether it takes a request body
     */
    record Operation(String method, String template, Pattern path, Set<String> params, boolean body) {

        boolean matches(String method, String path) {
            return this.method.equals(method) && this.path.matcher(path).matches();
        }
    }

    /** The operations of the description on the classpath; literal paths before templated ones that also match. */
    static List<Operation> described(ObjectMapper json) {
        try (InputStream in = DescribedOperationsFilter.class.getClassLoader().getResourceAsStream(DESCRIPTION)) {
            if (in == null) {
                throw new IllegalStateException(DESCRIPTION + " is missing from the classpath");
            }
            return operations(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Operation> operations(JsonNode description) {
        List<Operation> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : description.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                Set<String> params = new LinkedHashSet<>();
                for (JsonNode param : operation.getValue().path("parameters")) {
                    JsonNode resolved = param.has("$ref")
                            ? description.at(param.get("$ref").asText().substring(1))
                            : param;
                    if ("query".equals(resolved.path("in").asText())) {
                        params.add(resolved.path("name").asText());
                    }
                }
                found.add(new Operation(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        pattern(path.getKey()), Collections.unmodifiableSet(params),
                        operation.getValue().has("requestBody")));
            }
        }
        found.sort(Comparator.comparingLong(operation -> operation.template().chars().filter(c -> c == '{').count()));
        return List.copyOf(found);
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        boolean hasQuery = query != null && !query.isEmpty();
        boolean mayHaveBody = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                && request.getContentLengthLong() != 0;
        Optional<Operation> operation = hasQuery || mayHaveBody ? operation(request) : Optional.empty();
        if (operation.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        List<FieldError> errors = hasQuery ? unknown(operation.get(), query) : List.of();
        if (!errors.isEmpty()) {
            refuse(response, "Unknown query parameters", errors);
            return;
        }
        if (!mayHaveBody || operation.get().body()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = BufferedBodies.readAtMost(request.getInputStream(), MOST_OF_NOTHING + 1);
        if (body.length > MOST_OF_NOTHING || !NOTHING.matcher(new String(body, StandardCharsets.UTF_8)).matches()) {
            refuse(response, "This operation takes no body", List.of(new FieldError("$", operation.get().method()
                    + " " + operation.get().template() + " takes no body, and would not read it: send none")));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void refuse(HttpServletResponse response, String detail, List<FieldError> errors) throws IOException {
        problems.of(Problems.withErrors(Problems.of(400, "invalid-request", "Invalid request", detail), errors))
                .writeTo(response);
    }

    private Optional<Operation> operation(HttpServletRequest request) {
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return operations.stream().filter(operation -> operation.matches(method, path)).findFirst();
    }

    /** The parameters of {@code query} that {@code operation} does not take, each named with what it does take. */
    static List<FieldError> unknown(Operation operation, String query) {
        Set<String> strangers = new LinkedHashSet<>();
        for (String pair : query.split("&")) {
            String name = name(pair);
            if (!name.isEmpty() && !operation.params().contains(name)) {
                strangers.add(name);
            }
        }
        String takes = operation.params().isEmpty()
                ? "which takes none"
                : "which takes " + String.join(", ", operation.params());
        return strangers.stream().map(name -> new FieldError(RequestBodies.shown(name), "is not a query parameter of "
                + operation.method() + " " + operation.template() + ", " + takes)).toList();
    }

    private static String name(String pair) {
        int equals = pair.indexOf('=');
        String raw = equals < 0 ? pair : pair.substring(0, equals);
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
