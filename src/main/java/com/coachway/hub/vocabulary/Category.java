package com.coachway.hub.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a notification is about, which decides who may opt out of it (API.md §6). */
public enum Category {
    /** Confirmations, receipts, trip changes: sent unless the person opted out of everything on the channel. */
    TRANSACTIONAL, MARKETING, REMINDERS;

    /** The wire names, in this order: {@code transactional, marketing, reminders}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Category::wire).toList();

    /** The categories a person can opt out of one by one: {@code marketing, reminders}. */
    public static final List<String> OPTIONAL = Arrays.stream(values()).filter(c -> c != TRANSACTIONAL)
            .map(Category::wire).toList();

    /** The name on the wire and in the database, e.g. {@code marketing}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
