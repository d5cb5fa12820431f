package com.coachway.hub.templates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * {@code {% if expiration_date is past %}expired{% else %}expires{% endif %}}: whether a date (before today on the
 * recipient's clock, as {@code date()} shows it) or an instant has gone by, so a message never asks for something
 * "before" a day that is over. Reads what {@code date()} reads; anything else fails the render.
 */
final class PastTest implements Test {

    private final ZoneId companyZone;

    PastTest(ZoneId companyZone) {
        this.companyZone = companyZone;
    }

    @Override
    public List<String> getArgumentNames() {
        return List.of();
    }

    @Override
    public boolean apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
            int lineNumber) throws PebbleException {
        TemporalAccessor value = input == null ? null : DateFilter.temporal(input);
        ZoneId zone = DateFilter.zone(context, companyZone);
        if (value instanceof LocalDate date) {
            return date.isBefore(LocalDate.now(zone));
        }
        if (value instanceof LocalDateTime local) {
            return local.isBefore(LocalDateTime.now(zone));
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant().isBefore(Instant.now());
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant().isBefore(Instant.now());
        }
        if (value instanceof Instant at) {
            return at.isBefore(Instant.now());
        }
        throw new PebbleException(null, "'is past' cannot read '" + input + "' as a date", lineNumber,
                self.getName());
    }
}
