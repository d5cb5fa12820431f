package com.coachway.hub.templates;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;

import io.pebbletemplates.pebble.template.EvaluationContext;

/**
 * {@code {{ amount | money }}}: an amount as people read money, from what events carry (a JSON number or a decimal
 * string such as {@code "450.00"}). At least two decimals, more only when the amount was sent with more (nothing is
 * rounded away), grouped as the recipient's region writes the template's language: {@code 1225} reads "1,225.00"
 * and {@code 12.5} "12.50", where a bare {@code {{ amount }}} printed "1225" and "12.5", and a JSON {@code 1e3}
 * "1000.0". Anything else (an amount already written out, such as "2,450.00") is shown as it came.
 */
final class MoneyFilter extends ValueFilter {

    private static final int CENTS = 2;

    @Override
    Object show(Object input, EvaluationContext context) {
        BigDecimal amount = amount(input);
        if (amount == null) {
            // an amount the sender wrote their own way ("2,450.00", "$99"): the API's data has no schema, and a
            // message is never held back over how its amount looks
            return input.toString();
        }
        NumberFormat format = NumberFormat.getNumberInstance(context.getLocale() == null
                ? Locale.ENGLISH
                : context.getLocale());
        format.setMinimumFractionDigits(CENTS);
        format.setMaximumFractionDigits(Math.max(CENTS, amount.stripTrailingZeros().scale()));
        return format.format(amount);
    }

    private static BigDecimal amount(Object input) {
        try {
            if (input instanceof BigDecimal decimal) {
                return decimal;
            }
            if (input instanceof Double || input instanceof Float) {
                return BigDecimal.valueOf(((Number) input).doubleValue());
            }
            return new BigDecimal(input.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
