package com.coachway.hub.routing;

import com.fasterxml.jackson.databind.JsonNode;

/** Which events the routing table in force takes in as sales leads. */
public interface LeadRoutes {

    /** Whether a rule that applies to an event of {@code type} with {@code data} has a {@code lead} action that holds. */
    boolean makesLead(String type, JsonNode data);
}
