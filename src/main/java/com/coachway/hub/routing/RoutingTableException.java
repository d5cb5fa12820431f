package com.coachway.hub.routing;

import java.util.List;

/** A routing table that cannot be used, with every problem found, each naming its line. */
class RoutingTableException extends RuntimeException {

    private final List<String> problems;

    RoutingTableException(String source, List<String> problems) {
        super("The routing table " + source + " is broken:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
