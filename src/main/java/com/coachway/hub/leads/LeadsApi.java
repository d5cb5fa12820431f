package com.coachway.hub.leads;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.OneOf;
import com.coachway.hub.http.PlainText;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The leads API of API.md §5, and the reading of {@code lead.created} work messages. */
@Component
class LeadsApi {

    /** What a person did about a lead (API.md §5); not channels, though two share a name with one. */
    enum ActivityKind {
        NOTE, CALL, EMAIL, SMS, MEETING
    }

    static final int MAX_DETAIL = 4000;

    private final LeadStore leads;
    private final LeadLifecycle lifecycle;
    private final TransactionTemplate transactions;
    private final JsonBodies bodies;
    private final RequestBodies requests;
    private final ProblemReplies replies;
    private final ObjectMapper json;
    private final LeadValidator validator;

    LeadsApi(LeadStore leads, LeadLifecycle lifecycle, TransactionTemplate transactions, JsonBodies bodies,
            RequestBodies requests, ProblemReplies replies, ObjectMapper json, LeadValidator validator) {
        this.leads = leads;
        this.lifecycle = lifecycle;
        this.transactions = transactions;
        this.bodies = bodies;
        this.requests = requests;
        this.replies = replies;
        this.json = json;
        this.validator = validator;
    }

    /** {@code POST /api/v1/leads}: the body as intake takes it. */
    public LeadSubmission submission(byte[] body, Caller caller) {
        return new LeadSubmission(bodies.object(body), null, caller.name(), LeadSubmission.API);
    }

    /** A {@code lead.created} work message (the whole CloudEvent): its data is the lead. */
    public LeadSubmission fromEvent(byte[] body, String messageId) {
        JsonNode event;
        try {
            event = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw new PermanentFailure("lead message is not JSON: " + e.getMessage(), e);
        }
        if (event == null || !event.isObject() || !event.path("data").isObject()) {
            throw new PermanentFailure("a lead message must be a CloudEvent whose data is the lead (an object)");
        }
        if (messageId == null || messageId.isBlank()) {
            throw new PermanentFailure("a lead message needs its message id (it keys the lead against redelivery)");
        }
        return new LeadSubmission(event.get("data"), messageId, event.path("source").asText("unknown"),
                LeadSubmission.EVENT);
    }

    /** 201 with the new lead, or 200 with the open lead it duplicated. */
    public HttpReply taken(LeadIntake.Outcome outcome) {
        LeadView view = LeadView.of(outcome.lead(), outcome.duplicate(), null);
        if (outcome.duplicate()) {
            return replies.json(200, view);
        }
        HttpReply reply = replies.json(201, view);
        return new HttpReply(reply.status(), reply.contentType(), reply.body(), null,
                "/api/v1/leads/" + outcome.lead().id());
    }

    /** {@code GET /api/v1/leads/{id}} with its activities. */
    public HttpReply get(String id) {
        Lead lead = leads.find(id).orElseThrow(() -> LeadLifecycle.notFound(id));
        return replies.json(200, LeadView.of(lead, null, leads.activities(id)));
    }

    /** {@code GET /api/v1/leads?status=&agent_id=&assigned=&page=&size=}, newest first. */
    public HttpReply list(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        String status = QueryParams.text(query, "status");
        if (status != null && !LeadStatus.ALL.contains(status)) {
            errors.add(FieldError.oneOf("status", LeadStatus.ALL));
        }
        String agentId = QueryParams.text(query, "agent_id", 100, errors);
        Boolean assigned = QueryParams.bool(query, "assigned", errors);
        String customer = validator.contact(QueryParams.address(query, "customer"), "customer", errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        LeadStore.Filter filter = new LeadStore.Filter(status, agentId, assigned, customer);
        List<LeadView> items = leads.list(filter, paging.page(), paging.size()).stream()
                .map(lead -> LeadView.of(lead, null, null))
                .toList();
        return replies.json(200, new Listing(items, paging.page(), paging.size(), leads.count(filter)));
    }

    record Listing(List<LeadView> items, int page, int size, long total) {
    }

    /** {@code GET /api/v1/leads/pipeline}: how many leads are in each status. */
    public HttpReply pipeline() {
        Map<String, Long> counts = leads.pipeline(null);
        return replies.json(200, new Pipeline(counts, counts.values().stream().mapToLong(Long::longValue).sum()));
    }

    record Pipeline(Map<String, Long> counts, long total) {
    }

    /**
     * {@code PATCH /api/v1/leads/{id}} {@code {status?, assigned_agent_id?}} and the details a call adds
     * ({@link LeadAmendment}): a name, an email or phone, the trip's date, size and places.
     */
    public HttpReply patch(String id, byte[] body, Caller caller) {
        JsonNode json = bodies.object(body);
        RequestBodies.Checked<LeadChange> checked = requests.checkExactly(json, LeadChange.class);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        LeadChange change = checked.value();
        String status = change.status();
        if (status != null && !LeadStatus.ALL.contains(status)) {
            errors.add(FieldError.oneOf("status", LeadStatus.ALL));
        }
        String agentId = change.assignedAgentId();
        LeadAmendment amendment = amendment(json, change, checked, errors);
        if (errors.isEmpty() && status == null && agentId == null && amendment.isEmpty()) {
            errors.add(new FieldError("body", "give status, assigned_agent_id, or one of "
                    + String.join(", ", LeadAmendment.Detail.NAMES) + " to change"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(LeadAmendment.INVALID, errors);
        }
        // every change or none: the lifecycle's transactions join this one; the details first, so a lead converted
        // by this same PATCH goes to the charter system with them
        transactions.executeWithoutResult(tx -> {
            leads.find(id).orElseThrow(() -> LeadLifecycle.notFound(id));
            if (!amendment.isEmpty()) {
                lifecycle.amend(id, amendment, caller.name());
            }
            if (agentId != null) {
                lifecycle.assign(id, agentId, caller.name());
            }
            if (status != null) {
                lifecycle.move(id, status, caller.name());
            }
        });
        return get(id);
    }

    /** What ops may change of a lead; the details are bounded as a new lead's are ({@link LeadValidator}). */
    record LeadChange(@Size(max = 32) @PlainText String status,
            @Size(max = 100) @PlainText String assignedAgentId,
            @Size(max = LeadValidator.MAX_NAME) @PlainText String firstName,
            @Size(max = LeadValidator.MAX_NAME) @PlainText String lastName,
            @Size(max = LeadValidator.MAX_EMAIL) @PlainText String email,
            @Size(max = LeadValidator.MAX_PHONE) @PlainText String phone,
            @Size(max = LeadValidator.MAX_DETAILS) @PlainText String tripDetails,
            @Min(value = 1, message = LeadValidator.MORE_THAN_0) @Max(value = LeadValidator.MAX_PASSENGERS, message = LeadValidator.AT_MOST_PASSENGERS) Long estimatedPassengers,
            @Pattern(regexp = LeadValidator.DATE_PATTERN, message = LeadValidator.DATE_FORMAT) String estimatedTripDate,
            @Size(max = LeadValidator.MAX_LOCATION) @PlainText String pickupLocation,
            @Size(max = LeadValidator.MAX_LOCATION) @PlainText String dropoffLocation) {
    }

    // the details the PATCH names, a trip date, email and phone checked as a new lead's are; a name may be corrected,
    // not taken away
    private LeadAmendment amendment(JsonNode json, LeadChange change, RequestBodies.Checked<LeadChange> checked,
            List<FieldError> errors) {
        Set<String> named = new LinkedHashSet<>();
        LeadAmendment.Detail.NAMES.stream().filter(json::has).forEach(named::add);
        if (named.contains("first_name") && change.firstName() == null && !checked.fails("first_name")) {
            errors.add(new FieldError("first_name", "cannot be cleared: a lead keeps a first name to greet"));
        }
        LocalDate tripDate = change.estimatedTripDate() == null || checked.fails("estimated_trip_date")
                ? null
                : validator.tripDate(change.estimatedTripDate(), errors);
        String email = checked.fails("email") ? null : validator.email(change.email(), errors);
        String phone = checked.fails("phone") ? null : validator.phone(change.phone(), errors);
        return new LeadAmendment(named, change.firstName(), change.lastName(), email, phone, change.tripDetails(),
                change.estimatedPassengers() == null ? null : change.estimatedPassengers().intValue(), tripDate,
                change.pickupLocation(), change.dropoffLocation());
    }

    /** An activity ops log on a lead. */
    record ActivityBody(@NotBlank(message = "is required") @OneOf(ActivityKind.class) String kind,
            @NotBlank(message = "is required") @Size(max = MAX_DETAIL) @PlainText String detail) {
    }

    /** {@code POST /api/v1/leads/{id}/activities} {@code {kind, detail}}. */
    public HttpReply addActivity(String id, byte[] body, Caller caller) {
        ActivityBody activity = requests.bindExactly(bodies.object(body), ActivityBody.class,
                "The activity is not valid; every problem is listed");
        return replies.json(201, lifecycle.note(id, activity.kind(), activity.detail(), caller.name()));
    }

    /** {@code GET /api/v1/leads/{id}/activities}, oldest first. */
    public HttpReply activities(String id) {
        leads.find(id).orElseThrow(() -> LeadLifecycle.notFound(id));
        return replies.json(200, new Activities(id, leads.activities(id)));
    }

    record Activities(String leadId, List<LeadActivity> items) {
    }

    /** {@code POST /api/v1/leads/{id}/convert}: converted, and {@code lead.converted} raised. */
    public HttpReply convert(String id, Caller caller) {
        Lead lead = lifecycle.convert(id, caller.name());
        return replies.json(200, LeadView.of(lead, null, null));
    }

}
