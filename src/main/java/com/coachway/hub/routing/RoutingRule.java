package com.coachway.hub.routing;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of the routing table.
 *
 * @param id unique name, carried on every work message the rule produces
 * @param formerly ids the rule had before: the sends made under them are still called off by its {@code cancel_on}
 * @param match event-type patterns; any of them may match
 * @param when conditions on the data, all of which must hold
 * @param actions what to do
 * @param line where the rule starts in the file, for messages
 */
record RoutingRule(String id, List<String> formerly, List<TypePattern> match, List<Condition> when,
        List<RoutingAction> actions, int line) {

    boolean applies(String type, JsonNode data) {
        return match.stream().anyMatch(p -> p.matches(type)) && Condition.all(when, data);
    }
}
