package com.coachway.hub.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.coachway.hub.problem.FieldError;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The text is the wire name of one of an enum's values ({@code sms}, {@code marketing}, {@code high}); null passes.
 * The message lists the names, so the caller learns what would have been accepted.
 */
@Documented
@Constraint(validatedBy = OneOf.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OneOf {

    /** The enum whose lower-case names are the accepted values. */
    Class<? extends Enum<?>> value();

    String message() default "must be one of the listed names";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check behind {@link OneOf}. */
    class Check implements ConstraintValidator<OneOf, String> {

        private List<String> names;

        @Override
        public void initialize(OneOf annotation) {
            names = names(annotation.value());
        }

        /** The accepted values of {@code type}, sorted: also what the API description lists. */
        public static List<String> names(Class<? extends Enum<?>> type) {
            return Arrays.stream(type.getEnumConstants())
                    .map(value -> value.name().toLowerCase(Locale.ROOT))
                    .sorted()
                    .toList();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || names.contains(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(FieldError.oneOf(names)).addConstraintViolation();
            return false;
        }
    }
}
