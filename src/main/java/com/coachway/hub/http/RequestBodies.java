package com.coachway.hub.http;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Binds a JSON request body to a record and checks it with Jakarta Bean Validation. Every text is stripped, and a
 * blank one is absent, as people type them. Every problem is listed in one 400, a value of the wrong JSON type as
 * well as a broken constraint, with the contract's snake_case field names ({@code send_at}, {@code to.phone}). Cross-field and stored-state checks stay with the caller, which adds
 * them to the same list.
 */
@Component
public class RequestBodies {

    private final ObjectMapper binder;
    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
        this.binder = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // "5" is not a number, 5 is not a text: a caller's type mistake is named, not papered over
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new SimpleModule().addDeserializer(String.class, new StrippedText()))
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            binder.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** {@code json} (an object already read by {@link JsonBodies}) as a valid {@code type}; otherwise a 400. */
    public <T extends Record> T bind(JsonNode json, Class<T> type, String detail) {
        return valid(check(json, type), detail);
    }

    /** As {@link #bind}, and a key {@code type} does not have is a 400 too, not ignored. */
    public <T extends Record> T bindExactly(JsonNode json, Class<T> type, String detail) {
        return valid(checkExactly(json, type), detail);
    }

    private static <T> T valid(Checked<T> checked, String detail) {
        if (!checked.errors().isEmpty()) {
            throw ProblemException.badRequest(detail, checked.errors());
        }
        return checked.value();
    }

    /**
     * What binding and checking found.
     *
     * @param value the bound value (a field of the wrong JSON type is null), or null when the JSON is no object
     * @param errors every problem found, in field order
     */
    public record Checked<T>(T value, List<FieldError> errors) {

        /** Whether a problem was found with this field (so a check of its own would only repeat it). */
        public boolean fails(String field) {
            return errors.stream().anyMatch(error -> error.field().equals(field));
        }
    }

    /**
     * {@code json} bound field by field and checked, without throwing, so one answer lists every problem: a field of
     * the wrong JSON type is named and left null, and the constraints of the others are checked all the same.
     */
    public <T extends Record> Checked<T> check(JsonNode json, Class<T> type) {
        return check(json, type, false);
    }

    /** As {@link #check}, and a field the record does not have is a problem too (where the contract says so). */
    public <T extends Record> Checked<T> checkExactly(JsonNode json, Class<T> type) {
        return check(json, type, true);
    }

    private <T extends Record> Checked<T> check(JsonNode json, Class<T> type, boolean exact) {
        if (json == null || !json.isObject()) {
            return new Checked<>(null, List.of(new FieldError("$", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        T value = record(json, type, "", errors, exact);
        for (FieldError violation : violations(value)) {
            // a field of the wrong type is null now: "is required" would only repeat the problem
            if (errors.stream().noneMatch(error -> error.field().equals(violation.field()))) {
                errors.add(violation);
            }
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return new Checked<>(value, List.copyOf(errors));
    }

    private <T> T record(JsonNode json, Class<T> type, String prefix, List<FieldError> errors, boolean exact) {
        RecordComponent[] components = type.getRecordComponents();
        if (exact) {
            unknownFields(json, type, prefix, errors);
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            String name = PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName());
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            JsonNode field = json.get(name);
            if (field == null || field.isNull()) {
                continue;
            }
            if (component.getType().isRecord()) {
                if (field.isObject()) {
                    values[i] = record(field, component.getType(), path, errors, exact);
                } else {
                    errors.add(new FieldError(path, "must be an object"));
                }
                continue;
            }
            boolean integral = integral(component.getType());
            if (integral && field.isFloatingPointNumber() && field.canConvertToExactIntegral()
                    && field.canConvertToLong()) {
                // JSON has one number type: 1000.0 and 1e3 are the whole number 1000, as JSON Schema's "integer" says
                field = binder.getNodeFactory().numberNode(field.longValue());
            }
            try {
                values[i] = binder.treeToValue(field,
                        binder.getTypeFactory().constructType(component.getGenericType()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                boolean outOfRange = integral && (field.isIntegralNumber() || field.canConvertToExactIntegral());
                errors.add(new FieldError(path, outOfRange ? "is out of range" : expected(component.getType())));
            }
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName() + " (wrapper types only)", e);
        }
    }

    /** A caller's key or name as a problem echoes it back: never at any length. */
    public static String shown(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    /**
     * Names each key of {@code json} that {@code type} has no field for: where a misspelt key would change what the
     * request does ({@code "categroy": "marketing"} read as no category, so every category), not merely be ignored.
     */
    public static void unknownFields(JsonNode json, Class<?> type, String prefix,
            List<FieldError> errors) {
        List<String> names = Arrays.stream(type.getRecordComponents())
                .map(c -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName()))
                .toList();
        json.fieldNames().forEachRemaining(name -> {
            if (!names.contains(name)) {
                String shown = shown(name);
                errors.add(new FieldError(prefix.isEmpty() ? shown : prefix + "." + shown,
                        "is not a field of this request (" + String.join(", ", names) + ")"));
            }
        });
    }

    /** Every constraint {@code value} breaks, as field errors in field order; none when it is valid. */
    private List<FieldError> violations(Object value) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Object> violation : validator.validate(value)) {
            errors.add(new FieldError(path(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return errors;
    }

    /** A JSON string, stripped; blank is null. Any other JSON value is a type error, never turned into text. */
    static final class StrippedText extends StdScalarDeserializer<String> {

        StrippedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String text = parser.getText().strip();
                return text.isEmpty() ? null : text;
            }
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
    }

    // to.phone; an element of a list is reported as the list (channels), as the contract names it
    static String path(Path path) {
        StringBuilder text = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(node.getName()));
            }
        }
        return text.isEmpty() ? "$" : text.toString();
    }

    private static boolean integral(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (integral(type)) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        return "must be an object";
    }
}
