package com.coachway.hub.ingress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a structured-mode CloudEvent 1.0 envelope and reports every problem at once, so a publisher can fix its
 * event in one round trip.
 */
final class CloudEventValidator {

    static final int MAX_ID_LENGTH = 256;
    static final int MAX_SOURCE_LENGTH = 512;
    static final int MAX_TYPE_LENGTH = 200;
    static final int MAX_SUBJECT_LENGTH = 1024;

    private static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time",
            "subject", "datacontenttype", "dataschema", "data", "data_base64");
    // The type becomes the AMQP routing key: keep it to plain dotted names.
    static final String TYPE_SYNTAX = "[A-Za-z0-9][A-Za-z0-9._:-]*";
    private static final Pattern TYPE = Pattern.compile(TYPE_SYNTAX);
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]+");

    private CloudEventValidator() {
    }

    static List<FieldError> validate(JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        if (event == null || !event.isObject()) {
            errors.add(new FieldError("$", "must be a JSON object (a CloudEvent in structured mode)"));
            return errors;
        }
        JsonNode specversion = event.get("specversion");
        if (requiredString(event, "specversion", errors) && !"1.0".equals(specversion.textValue())) {
            errors.add(new FieldError("specversion", "must be \"1.0\""));
        }
        if (requiredString(event, "id", errors)) {
            checkPlainText("id", event.get("id").textValue(), MAX_ID_LENGTH, errors);
        }
        if (requiredString(event, "source", errors)) {
            String source = event.get("source").textValue();
            if (checkPlainText("source", source, MAX_SOURCE_LENGTH, errors) && !isUriReference(source)) {
                errors.add(new FieldError("source", "must be a URI-reference"));
            }
        }
        if (requiredString(event, "type", errors)) {
            String type = event.get("type").textValue();
            if (type.length() > MAX_TYPE_LENGTH) {
                errors.add(new FieldError("type", "must be at most " + MAX_TYPE_LENGTH + " characters"));
            } else if (!TYPE.matcher(type).matches()) {
                errors.add(new FieldError("type",
                        "must start with a letter or digit and contain only letters, digits, '.', '_', ':' and '-'"));
            }
        }
        if (optionalString(event, "time", errors)) {
            try {
                OffsetDateTime.parse(event.get("time").textValue());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("time", "must be an RFC 3339 timestamp such as 2026-03-01T10:00:00Z"));
            }
        }
        if (optionalString(event, "subject", errors)) {
            checkPlainText("subject", event.get("subject").textValue(), MAX_SUBJECT_LENGTH, errors);
        }
        optionalString(event, "datacontenttype", errors);
        if (optionalString(event, "dataschema", errors) && !isAbsoluteUri(event.get("dataschema").textValue())) {
            errors.add(new FieldError("dataschema", "must be an absolute URI"));
        }
        if (present(event, "data_base64")) {
            if (present(event, "data")) {
                errors.add(new FieldError("data_base64", "must not be sent together with data"));
            } else if (!event.get("data_base64").isTextual() || !isBase64(event.get("data_base64").textValue())) {
                errors.add(new FieldError("data_base64", "must be a base64 string"));
            }
        }
        checkExtensions(event, errors);
        return errors;
    }

    private static void checkExtensions(JsonNode event, List<FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (CONTEXT_ATTRIBUTES.contains(name)) {
                continue;
            }
            if (!EXTENSION_NAME.matcher(name).matches()) {
                errors.add(new FieldError(shown(name),
                        "is not a CloudEvents attribute: extension names use only lower-case letters and digits"));
            } else if (field.getValue().isContainerNode()) {
                errors.add(new FieldError(name, "extension attributes must be a string, number or boolean"));
            }
        }
    }

    private static boolean requiredString(JsonNode event, String name, List<FieldError> errors) {
        JsonNode value = event.get(name);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(name, "is required"));
            return false;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return false;
        }
        if (value.textValue().isBlank()) {
            errors.add(new FieldError(name, "must not be empty"));
            return false;
        }
        return true;
    }

    private static boolean optionalString(JsonNode event, String name, List<FieldError> errors) {
        if (!present(event, name)) {
            return false;
        }
        if (!event.get(name).isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return false;
        }
        return true;
    }

    private static boolean present(JsonNode event, String name) {
        JsonNode value = event.get(name);
        return value != null && !value.isNull();
    }

    private static boolean checkPlainText(String name, String value, int maxLength, List<FieldError> errors) {
        if (value.length() > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
            return false;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(name, "must not contain control characters"));
            return false;
        }
        return true;
    }

    private static boolean isUriReference(String value) {
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBase64(String value) {
        try {
            Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Attribute names come from the caller: never echo an unbounded or binary one back. */
    private static String shown(String name) {
        String printable = name.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .limit(64)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return name.length() > 64 ? printable + "…" : printable;
    }
}
