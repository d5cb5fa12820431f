package com.coachway.hub.leads;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.JsonFields;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST/GET /api/v1/assignment-rules} and {@code PUT /api/v1/assignment-rules/{id}} (API.md §5). */
@Component
class AssignmentRulesApi {

    static final int MAX_WEIGHT = 1000;
    static final int MAX_CAP = 100_000;

    private final AssignmentRuleStore rules;
    private final Addresses addresses;
    private final JsonBodies bodies;
    private final ProblemReplies replies;

    AssignmentRulesApi(AssignmentRuleStore rules, Addresses addresses, JsonBodies bodies, ProblemReplies replies) {
        this.rules = rules;
        this.addresses = addresses;
        this.bodies = bodies;
        this.replies = replies;
    }

    public HttpReply create(byte[] body) {
        AssignmentRuleStore.Fields fields = fields(bodies.object(body));
        AssignmentRule rule = rules.create(fields).orElseThrow(() -> new ProblemException(Problems.of(409,
                "agent-exists", "Agent already has a rule", "Agent " + fields.agentId()
                        + " already has an assignment rule; change it with PUT")));
        HttpReply reply = replies.json(201, rule);
        return new HttpReply(201, reply.contentType(), reply.body(), null,
                "/api/v1/assignment-rules/" + rule.id());
    }

    public HttpReply list() {
        return replies.json(200, new Listing(rules.all()));
    }

    record Listing(List<AssignmentRule> items) {
    }

    public HttpReply update(String id, byte[] body) {
        long ruleId = id(id);
        rules.find(ruleId).orElseThrow(() -> notFound(id));
        AssignmentRuleStore.Fields fields = fields(bodies.object(body));
        rules.findByAgent(fields.agentId()).filter(other -> other.id() != ruleId).ifPresent(other -> {
            throw new ProblemException(Problems.of(409, "agent-exists", "Agent already has a rule",
                    "Agent " + fields.agentId() + " already has rule " + other.id()));
        });
        AssignmentRule rule = rules.update(ruleId, fields).orElseThrow(() -> notFound(id));
        return replies.json(200, rule);
    }

    private AssignmentRuleStore.Fields fields(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        String agentId = JsonFields.text(json, "agent_id", 100, true, errors);
        String name = JsonFields.text(json, "agent_name", 200, true, errors);
        String email = JsonFields.text(json, "agent_email", 320, false, errors);
        if (email != null) {
            email = addresses.email(email).orElseGet(() -> {
                errors.add(new FieldError("agent_email", "is not a valid email address"));
                return null;
            });
        }
        String phone = JsonFields.text(json, "agent_phone", 64, false, errors);
        if (phone != null) {
            phone = addresses.phone(phone).orElseGet(() -> {
                errors.add(new FieldError("agent_phone", "is not a valid phone number"));
                return null;
            });
        }
        int weight = integer(json, "weight", 1, MAX_WEIGHT, null, errors);
        int cap = integer(json, "max_leads_per_day", 0, MAX_CAP, null, errors);
        boolean active = true;
        JsonNode isActive = json.get("is_active");
        if (isActive != null && !isActive.isNull()) {
            if (!isActive.isBoolean()) {
                errors.add(new FieldError("is_active", "must be true or false"));
            } else {
                active = isActive.booleanValue();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The assignment rule is not valid; every problem is listed", errors);
        }
        return new AssignmentRuleStore.Fields(agentId, name, email, phone, weight, cap, active);
    }

    private static int integer(JsonNode json, String field, int min, int max, Integer fallback,
            List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                errors.add(new FieldError(field, "is required"));
                return 0;
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return 0;
        }
        return value.intValue();
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw notFound(raw);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("assignment rule", id);
    }
}
