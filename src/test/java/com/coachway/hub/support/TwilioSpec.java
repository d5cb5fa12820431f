package com.coachway.hub.support;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Checks a request the hub sent to (fake) Twilio against Twilio's official OpenAPI description of the Messages API
 * ({@code ../shared/specs/twilio_api_v2010_messages.json}): the path and its AccountSid, Basic authentication, the
 * form content type, and every form field against the request schema (known name, type, pattern, length, format,
 * enum), with the required ones present. Form values are strings on the wire; a value is checked as the type the
 * schema names (an E.164 number is a string, never an integer).
 */
public final class TwilioSpec {

    private static final Path SPEC = Path.of("../shared/specs/twilio_api_v2010_messages.json");
    private static final String CREATE_PATH = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private static volatile JsonNode spec;

    private TwilioSpec() {
    }

    /** Every way the request breaks the spec; empty when it is a valid "create Message" request. */
    public static List<String> problems(LoggedRequest recorded) {
        JsonNode operation = spec().path("paths").path(CREATE_PATH).path("post");
        List<String> problems = new ArrayList<>();
        if (!"POST".equals(recorded.getMethod().getName())) {
            problems.add("method must be POST, was " + recorded.getMethod());
        }
        Matcher path = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json").matcher(recorded.getUrl());
        if (!path.matches()) {
            problems.add("path " + recorded.getUrl() + " is not " + CREATE_PATH);
        } else {
            for (JsonNode parameter : operation.path("parameters")) {
                if ("AccountSid".equals(parameter.path("name").asText())) {
                    check("AccountSid", path.group(1), parameter.path("schema"), problems);
                }
            }
        }
        String authorization = recorded.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            problems.add("no HTTP Basic authentication (accountSid_authToken)");
        }
        String contentType = recorded.getHeader("Content-Type");
        JsonNode schema = operation.path("requestBody").path("content").path("application/x-www-form-urlencoded")
                .path("schema");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            problems.add("content type must be application/x-www-form-urlencoded, was " + contentType);
        }
        Map<String, List<String>> form = Forms.parseAll(recorded.getBodyAsString());
        for (JsonNode required : schema.path("required")) {
            if (!form.containsKey(required.asText())) {
                problems.add("required field " + required.asText() + " is missing");
            }
        }
        for (Map.Entry<String, List<String>> field : form.entrySet()) {
            JsonNode property = schema.path("properties").get(field.getKey());
            if (property == null) {
                problems.add("field " + field.getKey() + " is not in the spec");
                continue;
            }
            property = resolve(property);
            if (!"array".equals(property.path("type").asText()) && field.getValue().size() > 1) {
                problems.add("field " + field.getKey() + " is sent " + field.getValue().size() + " times");
            }
            JsonNode itemSchema = "array".equals(property.path("type").asText())
                    ? resolve(property.path("items"))
                    : property;
            for (String value : field.getValue()) {
                check(field.getKey(), value, itemSchema, problems);
            }
        }
        return problems;
    }

    private static void check(String name, String value, JsonNode schema, List<String> problems) {
        String type = schema.path("type").asText("string");
        switch (type) {
            case "integer" -> {
                if (!value.matches("-?\\d+")) {
                    problems.add(name + " must be an integer, was '" + value + "'");
                }
            }
            case "number" -> {
                if (!value.matches("-?\\d+(\\.\\d+)?")) {
                    problems.add(name + " must be a number, was '" + value + "'");
                }
            }
            case "boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    problems.add(name + " must be true or false, was '" + value + "'");
                }
            }
            default -> checkString(name, value, schema, problems);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (Iterator<JsonNode> it = schema.get("enum").elements(); it.hasNext();) {
                listed |= it.next().asText().equals(value);
            }
            if (!listed) {
                problems.add(name + " must be one of " + schema.get("enum") + ", was '" + value + "'");
            }
        }
    }

    private static void checkString(String name, String value, JsonNode schema, List<String> problems) {
        if (schema.has("minLength") && value.length() < schema.get("minLength").asInt()) {
            problems.add(name + " is shorter than " + schema.get("minLength").asInt());
        }
        if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
            problems.add(name + " is longer than " + schema.get("maxLength").asInt());
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value).find()) {
            problems.add(name + " '" + value + "' does not match " + schema.get("pattern").asText());
        }
        boolean ignoreFormat = schema.path("x-twilio").path("ignoreFormat").asBoolean(false);
        switch (ignoreFormat ? "" : schema.path("format").asText("")) {
            case "uri" -> {
                try {
                    if (!new URI(value).isAbsolute()) {
                        problems.add(name + " must be an absolute URI, was '" + value + "'");
                    }
                } catch (URISyntaxException e) {
                    problems.add(name + " must be a URI, was '" + value + "'");
                }
            }
            case "date-time" -> {
                try {
                    OffsetDateTime.parse(value);
                } catch (RuntimeException e) {
                    problems.add(name + " must be a date-time, was '" + value + "'");
                }
            }
            case "phone-number" -> {
                // E.164, optionally behind a channel prefix such as whatsapp:
                if (!value.matches("([a-z]+:)?\\+[1-9]\\d{1,14}")) {
                    problems.add(name + " must be an E.164 phone number, was '" + value + "'");
                }
            }
            default -> {
                // no format to check
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String[] path = ref.asText().replaceFirst("^#/", "").split("/");
        JsonNode node = spec();
        for (String step : path) {
            node = node.path(step);
        }
        return node;
    }

    private static JsonNode spec() {
        if (spec == null) {
            synchronized (TwilioSpec.class) {
                if (spec == null) {
                    try {
                        spec = new ObjectMapper().readTree(SPEC.toFile());
                    } catch (IOException e) {
                        throw new IllegalStateException("Twilio's OpenAPI description is missing at "
                                + SPEC.toAbsolutePath() + " (../shared/specs beside the project)", e);
                    }
                }
            }
        }
        return spec;
    }
}
