package com.coachway.hub.http;

import java.util.ArrayList;
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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Binds a JSON request body to a record and checks it with Jakarta Bean Validation. A value of the wrong JSON type is
 * a 400 naming that field; every constraint that fails is listed in one 400, with the contract's snake_case field
 * names ({@code send_at}, {@code to.phone}). Cross-field and stored-state checks stay with the caller.
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
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            binder.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** {@code json} (an object already read by {@link JsonBodies}) as a valid {@code type}; otherwise a 400. */
    public <T> T bind(JsonNode json, Class<T> type, String detail) {
        T value = read(json, type, detail);
        List<FieldError> errors = violations(value);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(detail, errors);
        }
        return value;
    }

    /**
     * {@code json} as a {@code type}, not yet checked: a value of the wrong JSON type is a 400. For callers that add
     * checks of their own to {@link #violations}, so that one answer lists every problem.
     */
    public <T> T read(JsonNode json, Class<T> type, String detail) {
        try {
            return binder.treeToValue(json, type);
        } catch (MismatchedInputException e) {
            throw ProblemException.badRequest(detail, List.of(new FieldError(path(e), expected(e.getTargetType()))));
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(detail, List.of(new FieldError("$", "cannot be read")));
        }
    }

    /** Every constraint {@code value} breaks, as field errors in field order; none when it is valid. */
    public List<FieldError> violations(Object value) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Object> violation : validator.validate(value)) {
            errors.add(new FieldError(path(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return errors;
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

    private static String path(JsonMappingException e) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return text.isEmpty() ? "$" : text.toString();
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
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        return "must be an object";
    }
}
