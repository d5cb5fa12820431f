package com.coachway.hub.leads;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.PlainText;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.RequestBodies;
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
    private final RequestBodies requests;
    private final ProblemReplies replies;

    AssignmentRulesApi(AssignmentRuleStore rules, Addresses addresses, JsonBodies bodies, RequestBodies requests,
            ProblemReplies replies) {
        this.rules = rules;
        this.addresses = addresses;
        this.bodies = bodies;
        this.requests = requests;
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

    /** An assignment rule as admins write it. */
    record RuleBody(@NotBlank(message = "is required") @Size(max = 100) @PlainText String agentId,
            @NotBlank(message = "is required") @Size(max = 200) @PlainText String agentName,
            @Size(max = 320) @PlainText String agentEmail,
            @Size(max = 64) @PlainText String agentPhone,
            @NotNull(message = "is required") @Min(value = 1, message = WEIGHT_RANGE) @Max(value = MAX_WEIGHT, message = WEIGHT_RANGE) Integer weight,
            @NotNull(message = "is required") @Min(value = 0, message = CAP_RANGE) @Max(value = MAX_CAP, message = CAP_RANGE) Integer maxLeadsPerDay,
            Boolean isActive) {
    }

    private static final String WEIGHT_RANGE = "must be a whole number from 1 to " + MAX_WEIGHT;
    private static final String CAP_RANGE = "must be a whole number from 0 to " + MAX_CAP;
    private static final String RULE_INVALID = "The assignment rule is not valid; every problem is listed";

    private AssignmentRuleStore.Fields fields(JsonNode json) {
        // a misspelt key ignored would keep what it meant to change ("is_actve": false leaves the agent taking leads)
        RequestBodies.Checked<RuleBody> checked = requests.checkExactly(json, RuleBody.class);
        RuleBody rule = checked.value();
        List<FieldError> errors = new ArrayList<>(checked.errors());
        String email = rule.agentEmail();
        if (email != null) {
            email = addresses.email(email).orElseGet(() -> {
                errors.add(new FieldError("agent_email", Addresses.EMAIL_EXPECTED));
                return null;
            });
        }
        String phone = rule.agentPhone();
        if (phone != null) {
            phone = addresses.phone(phone).orElseGet(() -> {
                errors.add(new FieldError("agent_phone", addresses.phoneExpected()));
                return null;
            });
        }
        if (rule.agentEmail() == null && rule.agentPhone() == null) {
            // the hub tells an agent of each lead by email or SMS: one it cannot reach would hold leads unknowing
            // until the contact SLA moved them on
            errors.add(new FieldError("agent_email", "an agent_email or an agent_phone is required, to tell the "
                    + "agent of the leads assigned to them"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(RULE_INVALID, errors);
        }
        return new AssignmentRuleStore.Fields(rule.agentId(), rule.agentName(), email, phone, rule.weight(),
                rule.maxLeadsPerDay(), rule.isActive() == null || rule.isActive());
    }

    private static long id(String raw) {
        return ProblemException.numericId(raw, "assignment rule");
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("assignment rule", id);
    }
}
