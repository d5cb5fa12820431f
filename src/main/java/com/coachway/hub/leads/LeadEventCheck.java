package com.coachway.hub.leads;

import java.util.List;

import org.springframework.stereotype.Component;

import com.coachway.hub.ingress.EventDataCheck;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.routing.LeadRoutes;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event the routing table takes in as a lead is judged at intake as {@code POST /api/v1/leads} judges a lead: a
 * phone that is no number, an email no mailbox takes or a trip date gone by is a {@code 400} (on AMQP, parked at the
 * door), never a {@code 202} whose lead is then parked.
 */
@Component
class LeadEventCheck implements EventDataCheck {

    private final LeadRoutes routes;
    private final LeadValidator validator;

    LeadEventCheck(LeadRoutes routes, LeadValidator validator) {
        this.routes = routes;
        this.validator = validator;
    }

    @Override
    public List<FieldError> problems(String type, JsonNode data) {
        if (!routes.makesLead(type, data)) {
            return List.of();
        }
        return validator.check(data).errors().stream()
                .map(e -> new FieldError(LeadValidator.BODY.equals(e.field()) ? "data" : "data." + e.field(),
                        e.message()))
                .toList();
    }
}
