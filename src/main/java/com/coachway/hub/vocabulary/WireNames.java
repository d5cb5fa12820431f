package com.coachway.hub.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the hub's status enums meet the wire and the database: the constant's name in lower case
 * ({@code DELIVERED} is {@code delivered}), said once for every such enum.
 */
public final class WireNames {

    private WireNames() {
    }

    /** The constant's name on the wire and in the database. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} with this wire name, if there is one. */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String wire) {
        return Arrays.stream(type.getEnumConstants()).filter(c -> of(c).equals(wire)).findFirst();
    }

    /** Every wire name of {@code type}, in declaration order. */
    public static <E extends Enum<E>> List<String> all(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList();
    }
}
