package com.coachway.hub.settings;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.springframework.util.unit.DataSize;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A size limit that must be larger than nothing: a body limit of zero would refuse every request with a 413. On a
 * {@code @Validated} settings record, a start with such a value fails naming the key.
 */
@Documented
@Constraint(validatedBy = PositiveSize.Check.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PositiveSize {

    /** The reason shown beside the key. */
    String message() default "must be a size larger than zero, such as 256KB";

    /** Validation groups. */
    Class<?>[] groups() default {};

    /** Payload. */
    Class<? extends Payload>[] payload() default {};

    /** What the constraint checks; a missing size is one too. */
    class Check implements ConstraintValidator<PositiveSize, DataSize> {

        @Override
        public boolean isValid(DataSize size, ConstraintValidatorContext context) {
            return size != null && size.toBytes() > 0;
        }
    }
}
