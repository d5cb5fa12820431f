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

    /**
     * The category whose consent governs a message. A sender may label a notification, and its template has a
     * category of its own; consent follows the stricter of the two (marketing over reminders over transactional),
     * so a marketing template sent without a label, which defaults to transactional, still honours every marketing
     * opt-out. Takes and gives wire names; an unknown name counts as transactional.
     */
    public static String governing(String requested, String template) {
        for (Category strictest : List.of(MARKETING, REMINDERS)) {
            if (strictest.wire().equals(requested) || strictest.wire().equals(template)) {
                return strictest.wire();
            }
        }
        return TRANSACTIONAL.wire();
    }

    /** The name on the wire and in the database, e.g. {@code marketing}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
