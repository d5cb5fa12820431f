package com.coachway.hub.ingress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.security.Caller;
import com.coachway.hub.vocabulary.CompanyZone;

/**
 * {@code GET /api/v1/events}: what became of the events the hub was handed, the first step of tracing a message
 * from its event to its delivery (the notifications it caused are {@code GET /api/v1/notifications?event_id=}).
 * Publishers see their own source's events; ops, admins and analysts see every event, the refused ones too, whose
 * source proves nothing (it is what the sender claimed, and may be another system's).
 */
@Component
class EventsApi {

    private final EventLookup lookup;
    private final ProblemReplies replies;
    private final CompanyZone company;

    EventsApi(EventLookup lookup, ProblemReplies replies, CompanyZone company) {
        this.lookup = lookup;
        this.replies = replies;
        this.company = company;
    }

    record Listing(List<EventView> items, int page, int size, long total) {
    }

    /** {@code GET /api/v1/events?id=&source=&type=&status=&since=&until=&page=&size=}, newest first. */
    public HttpReply list(Map<String, Object> query, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String id = QueryParams.text(query, "id", CloudEventValidator.MAX_ID_LENGTH, errors);
        String source = QueryParams.text(query, "source", CloudEventValidator.MAX_SOURCE_LENGTH, errors);
        String type = QueryParams.text(query, "type", CloudEventValidator.MAX_TYPE_LENGTH, errors);
        String statusText = QueryParams.text(query, "status");
        Optional<EventStatus> status = statusText == null ? Optional.empty() : EventStatus.of(statusText);
        if (statusText != null && status.isEmpty()) {
            errors.add(FieldError.oneOf("status", EventStatus.NAMES));
        } else if (status.orElse(null) == EventStatus.REJECTED && !caller.seesAll()) {
            errors.add(new FieldError("status",
                    "rejected events are listed for ops only: the 4xx answer to the post named every problem"));
        }
        if (!caller.seesAll() && source != null && !source.equals(caller.source())) {
            errors.add(new FieldError("source", "must be your own source ('" + caller.source() + "') or absent"));
        }
        QueryParams.Period period = QueryParams.period(query, company.zone(), errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        boolean all = caller.seesAll();
        EventLookup.Page found = lookup.find(new EventLookup.Filter(id, all ? source : caller.source(), type,
                status.orElse(null), period.since(), period.until(), all), paging.page(), paging.size());
        return replies.json(200, new Listing(found.items(), paging.page(), paging.size(), found.total()));
    }
}
