package com.coachway.hub.consent;

/**
 * Which consent category governs a message. A sender may label a notification, and its template has a category of
 * its own; consent follows the stricter of the two, so a marketing template sent without a label (which defaults to
 * transactional) still honours every marketing opt-out.
 */
public final class Categories {

    public static final String TRANSACTIONAL = "transactional";
    public static final String MARKETING = "marketing";
    public static final String REMINDERS = "reminders";

    private Categories() {
    }

    /** Marketing over reminders over transactional. */
    public static String governing(String requested, String template) {
        if (MARKETING.equals(requested) || MARKETING.equals(template)) {
            return MARKETING;
        }
        if (REMINDERS.equals(requested) || REMINDERS.equals(template)) {
            return REMINDERS;
        }
        return TRANSACTIONAL;
    }
}
