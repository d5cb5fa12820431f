package com.coachway.hub.routing;

import java.util.List;

/**
 * What the routing table says to do with one event.
 *
 * @param rules ids of the rules that matched; none means the event is unrouted
 * @param messages the work messages to publish
 */
public record RoutingPlan(List<String> rules, List<WorkMessage> messages) {

    public RoutingPlan {
        rules = List.copyOf(rules);
        messages = List.copyOf(messages);
    }

    public boolean routed() {
        return !rules.isEmpty();
    }
}
