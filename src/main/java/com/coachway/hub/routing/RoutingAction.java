package com.coachway.hub.routing;

import java.util.List;

/** What a rule does with a matching event. Every action may carry its own conditions. */
sealed interface RoutingAction {

    List<Condition> when();

    /**
     * Tell someone: one notification request per recipient.
     *
     * @param template fixed template name, may contain {@code {type.last}} (the last word of the event type)
     * @param templateField data path holding the template name instead (marketing campaigns)
     * @param to data path of the recipient object, or of a list of them
     * @param channels channels in fallback order
     * @param category transactional, marketing or reminders
     * @param priority critical, high, normal or low
     * @param workflow when it sends and what calls it off ({@link Workflow#NONE}: at once)
     */
    record Notify(String template, String templateField, String to, List<String> channels, String category,
            String priority, List<Condition> when, Workflow workflow) implements RoutingAction {
    }

    /** Push the event on to a downstream system. */
    record Push(String destination, List<Condition> when) implements RoutingAction {
    }

    /**
     * Raise another event, once per value of a data field: the hub publishes it through the ingress ledger as source
     * {@code coachway-hub}, so the same value again is a duplicate and raises nothing.
     *
     * @param type the type of the event raised
     * @param oncePer data path whose value identifies the occasion (a recovery, a case); the event's subject when
     *            the field is missing
     */
    record Raise(String type, String oncePer, List<Condition> when) implements RoutingAction {
    }

    /** Take the event in as a sales lead. */
    record Lead(List<Condition> when) implements RoutingAction {
    }
}
