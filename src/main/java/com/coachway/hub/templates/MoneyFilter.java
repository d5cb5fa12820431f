package com.coachway.hub.templates;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * {@code {{ amount | money }}}: an amount as people read money, from what events carry (a JSON number or a decimal
 * string such as {@code "450.00"}). At least two decimals, more only when the amount was sent with more (nothing is
 * rounded away), grouped as the recipient's region writes the template's language: {@code 1225} reads "1,225.00"
 * and {@code 12.5} "12.50", where a bare {@code {{ amount }}} printed "1225" and "12.5", and a JSON {@code 1e3}
 * "1000.0". Anything else (an amount already written out, such as "2,450.00") is shown as it came.
 *
 * <p>{@code {{ amount | money(currency | default('')) }}} adds the currency of an ISO 4217 code as that reader
 * writes it: "$1,225.00" for USD in {@code en} and {@code en-US}, "US$1,225.00" in {@code en-GB}, "€1,225.50",
 * "£99.00"; a code Java does not know, and an amount written out, read "XYZ 1,225.00"; an empty one, none.
 */
final class MoneyFilter implements Filter {

    private static final int CENTS = 2;

    @Override
    public List<String> getArgumentNames() {
        return List.of("currency");
    }

    @Override
    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
            int lineNumber) {
        if (input == null) {
            return null;
        }
        Locale locale = context.getLocale() == null ? Locale.ENGLISH : context.getLocale();
        Object named = args.get("currency");
        String code = named == null ? "" : named.toString().strip().toUpperCase(Locale.ROOT);
        Currency currency = currency(code);
        BigDecimal amount = amount(input);
        if (amount != null && currency != null) {
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(currency);
            return number(format, amount, Math.max(0, currency.getDefaultFractionDigits()));
        }
        // an amount the sender wrote their own way ("2,450.00", "$99") is shown as it came: the API's data has no
        // schema, and a message is never held back over how its amount looks; a code Java does not know goes before
        String shown = amount == null
                ? input.toString()
                : number(NumberFormat.getNumberInstance(locale), amount,
                        CENTS);
        return code.isEmpty() ? shown : code + " " + shown;
    }

    private static String number(NumberFormat format, BigDecimal amount, int digits) {
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(Math.max(digits, amount.stripTrailingZeros().scale()));
        return format.format(amount);
    }

    private static Currency currency(String code) {
        if (code.length() != 3) {
            return null;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
