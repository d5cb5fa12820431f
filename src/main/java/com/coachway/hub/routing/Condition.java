package com.coachway.hub.routing;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A test on the event's {@code data}: {@code {field: affects_vendor, equals: true}}. Fields are dot paths into data;
 * a list of conditions means all of them.
 *
 * @param field dot path into data, e.g. {@code client.locale}
 * @param operator one of {@link #OPERATORS}
 * @param operand the value to compare with (a JSON value; a list for {@code in} / {@code not_in})
 */
record Condition(String field, String operator, JsonNode operand) {

    static final List<String> OPERATORS = List.of("equals", "not_equals", "in", "not_in", "exists", "gt", "gte", "lt",
            "lte");

    static boolean all(List<Condition> conditions, JsonNode data) {
        for (Condition condition : conditions) {
            if (!condition.test(data)) {
                return false;
            }
        }
        return true;
    }

    /** Whether only data holding the field passes, so a template sent under it may print the field unguarded. */
    boolean needsField() {
        return switch (operator) {
            case "exists" -> operand.asBoolean();
            case "not_equals", "not_in" -> false;
            default -> true;
        };
    }

    /** The condition as an event's reason says it: "affects_vendor is true", "attempts is at least 3". */
    String words() {
        return field + " " + switch (operator) {
            case "exists" -> operand.asBoolean() ? "is present" : "is absent";
            case "equals" -> "is " + operand;
            case "not_equals" -> "is not " + operand;
            case "in" -> "is one of " + operand;
            case "not_in" -> "is none of " + operand;
            case "gt" -> "is more than " + operand;
            case "gte" -> "is at least " + operand;
            case "lt" -> "is less than " + operand;
            case "lte" -> "is at most " + operand;
            default -> operator + " " + operand;
        };
    }

    /** Conditions that all must hold, as a reason says them. */
    static String words(List<Condition> conditions) {
        return String.join(" and ", conditions.stream().map(Condition::words).toList());
    }

    boolean test(JsonNode data) {
        JsonNode value = DataPath.resolve(data, field);
        boolean present = value != null && !value.isNull() && !value.isMissingNode();
        return switch (operator) {
            case "exists" -> present == operand.asBoolean();
            case "equals" -> present && sameValue(value, operand);
            case "not_equals" -> !present || !sameValue(value, operand);
            case "in" -> present && contains(operand, value);
            case "not_in" -> !present || !contains(operand, value);
            default -> ordered(numeric(value));
        };
    }

    /** gt / gte / lt / lte; a missing or non-numeric field satisfies none of them. */
    private boolean ordered(BigDecimal number) {
        if (number == null) {
            return false;
        }
        int order = number.compareTo(operand.decimalValue());
        return switch (operator) {
            case "gt" -> order > 0;
            case "gte" -> order >= 0;
            case "lt" -> order < 0;
            case "lte" -> order <= 0;
            default -> throw new IllegalStateException("unknown operator " + operator);
        };
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode candidate : list) {
            if (sameValue(value, candidate)) {
                return true;
            }
        }
        return false;
    }

    // 3 equals 3.0, and "3" does not equal 3: numbers compare as numbers, everything else exactly.
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static BigDecimal numeric(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
