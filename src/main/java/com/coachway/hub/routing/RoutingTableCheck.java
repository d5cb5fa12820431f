package com.coachway.hub.routing;

import java.util.List;

/**
 * A check another feature holds a routing table to before it is put in force (the template safety check of API.md
 * §2a): a table with problems is refused on reload, and fails the start.
 */
public interface RoutingTableCheck {

    /** Every problem of the notify actions of a candidate table, each a sentence naming rule and template. */
    List<String> problems(List<NotifyRoute> routes);

    /** What a candidate table may do that is allowed but will often park: said when it is put in force. */
    default List<String> cautions(List<NotifyRoute> routes) {
        return List.of();
    }
}
