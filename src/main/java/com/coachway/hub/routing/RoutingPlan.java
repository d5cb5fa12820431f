package com.coachway.hub.routing;

import java.util.List;

/**
 * What the routing table says to do with one event.
 *
 * @param rules ids of the rules that matched; none means the event is unrouted
 * @param messages the work messages to publish
 * @param raised the events to raise
 */
record RoutingPlan(List<String> rules, List<WorkMessage> messages, List<RaisedEvent> raised) {

    public RoutingPlan {
        rules = List.copyOf(rules);
        messages = List.copyOf(messages);
        raised = List.copyOf(raised);
    }

    public RoutingPlan(List<String> rules, List<WorkMessage> messages) {
        this(rules, messages, List.of());
    }

    public boolean routed() {
        return !rules.isEmpty();
    }

    /**
     * What became of the event, as its ledger row and {@code GET /api/v1/events} say it: the rules that matched (or
     * none), then the rules whose waiting sends it calls off, which an event can do without matching any.
     */
    public String reason() {
        String matched = routed() ? "rules: " + String.join(", ", rules) : "no rule matches";
        List<String> callsOff = messages.stream().filter(m -> m.action() == WorkMessage.Action.CANCEL)
                .map(WorkMessage::rule).distinct().toList();
        return callsOff.isEmpty()
                ? matched
                : matched + "; calls off any waiting sends of " + String.join(", ", callsOff);
    }

    /**
     * An event a rule raises.
     *
     * @param id its id: the type, the source of the cause and the occasion, so one occasion raises it once
     * @param type its type
     * @param subject the subject of the event that caused it
     * @param json the whole CloudEvent
     */
    public record RaisedEvent(String id, String type, String subject, String json) {
    }
}
