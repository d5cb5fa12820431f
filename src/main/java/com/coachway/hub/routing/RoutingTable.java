package com.coachway.hub.routing;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parsed routing table: every rule whose pattern and conditions match an event applies.
 *
 * @param source where it was read from
 * @param rules the rules in file order
 */
record RoutingTable(String source, List<RoutingRule> rules) {

    RoutingTable {
        rules = List.copyOf(rules);
    }

    List<RoutingRule> matching(String type, JsonNode data) {
        return rules.stream().filter(rule -> rule.applies(type, data)).toList();
    }
}
