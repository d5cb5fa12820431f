package com.coachway.hub.settings;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.hibernate.validator.constraints.time.DurationMin;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;

/**
 * A setting's interval, timeout or age that must be longer than nothing: zero would make a timer spin or never fire,
 * and a record kept for zero days would be deleted as it is written. On a {@code @Validated} settings record, a start
 * with such a value fails naming the key.
 */
@Documented
@Constraint(validatedBy = {})
@NotNull
@DurationMin(nanos = 1)
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PositiveDuration {

    /** The reason shown beside the key. */
    String message() default "must be a duration longer than zero, such as PT30S or P90D";

    /** Validation groups. */
    Class<?>[] groups() default {};

    /** Payload. */
    Class<? extends Payload>[] payload() default {};
}
