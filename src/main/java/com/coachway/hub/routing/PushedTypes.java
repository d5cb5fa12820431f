package com.coachway.hub.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/** Which event types the routing table in force pushes to each downstream system, for the AsyncAPI description. */
@Component
public class PushedTypes {

    private final RoutingTableHolder table;

    PushedTypes(RoutingTableHolder table) {
        this.table = table;
    }

    /**
     * The types pushed to each destination ({@code charter}, {@code vendor}, {@code change}): a rule's exact types,
     * and those of {@code known} its wildcards match.
     */
    public Map<String, Set<String>> byDestination(Collection<String> known) {
        Map<String, Set<String>> pushed = new TreeMap<>();
        for (RoutingRule rule : table.table().rules()) {
            for (RoutingAction action : rule.actions()) {
                if (action instanceof RoutingAction.Push push) {
                    Set<String> types = pushed.computeIfAbsent(push.destination(), d -> new TreeSet<>());
                    for (TypePattern pattern : rule.match()) {
                        if (pattern.pattern().contains("*") || pattern.pattern().contains("#")) {
                            known.stream().filter(pattern::matches).forEach(types::add);
                        } else {
                            types.add(pattern.pattern());
                        }
                    }
                }
            }
        }
        return pushed;
    }
}
