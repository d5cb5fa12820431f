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
 * A setting's wait that zero turns off and nothing turns negative: a negative one would read as zero without saying so.
 * On a {@code @Validated} settings record, a start with such a value fails naming the key.
 */
@Documented
@Constraint(validatedBy = {})
@NotNull
@DurationMin(nanos = 0)
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface NotNegativeDuration {

    /** The reason shown beside the key. */
    String message() default "must be zero or a duration, such as PT0S or PT2M";

    /** Validation groups. */
    Class<?>[] groups() default {};

    /** Payload. */
    Class<? extends Payload>[] payload() default {};
}
