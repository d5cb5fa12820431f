package com.coachway.hub.routing;

import java.util.List;

import com.coachway.hub.ingress.IngressEvent;

/**
 * What the routing table says to do with one event.
 *
 * @param rules ids of the rules that matched; none means the event is unrouted
 * @param messages the work messages to publish
 * @param raised the events to raise
 * @param notes what the rules would have done and did not, and why (an occasion told once)
 */
record RoutingPlan(List<String> rules, List<WorkMessage> messages, List<RaisedEvent> raised, List<String> notes) {

    public RoutingPlan {
        rules = List.copyOf(rules);
        messages = List.copyOf(messages);
        raised = List.copyOf(raised);
        notes = List.copyOf(notes);
    }

    public RoutingPlan(List<String> rules, List<WorkMessage> messages) {
        this(rules, messages, List.of(), List.of());
    }

    public boolean routed() {
        return !rules.isEmpty();
    }

    /**
     * What became of the event, as its ledger row and {@code GET /api/v1/events} say it: the rules that matched (or
     * none), the events it raises (whose notifications are theirs, so tracing goes on from there), then the rules
     * whose waiting sends it calls off, which an event can do without matching any.
     */
    public String reason() {
        StringBuilder reason = new StringBuilder(routed() ? "rules: " + String.join(", ", rules) : "no rule matches");
        if (!raised.isEmpty()) {
            reason.append("; raises ").append(String.join(", ", raised.stream().map(RaisedEvent::id).toList()))
                    .append(" (source ").append(IngressEvent.HUB_SOURCE).append(", once per occasion)");
        }
        notes.forEach(note -> reason.append("; ").append(note));
        List<String> callsOff = messages.stream().filter(m -> m.action() == WorkMessage.Action.CANCEL)
                .map(WorkMessage::rule).distinct().toList();
        if (!callsOff.isEmpty()) {
            reason.append("; calls off any waiting sends of ").append(String.join(", ", callsOff));
        }
        return reason.toString();
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
