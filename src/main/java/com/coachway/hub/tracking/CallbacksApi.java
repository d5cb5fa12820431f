package com.coachway.hub.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.Rows;
import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;

/**
 * {@code GET /ops/api/callbacks} and {@code POST /ops/api/callbacks/{id}/retry}: the provider status callbacks the
 * applier set aside, for ops to find and, once the cause is fixed, send back to be applied. A callback that kept
 * failing to apply would otherwise leave its notification looking {@code sent} with nobody told; one that matched no
 * notification may match once the hub has its own record. A retry is kept with who asked and when.
 */
@Component
class CallbacksApi {

    private final JdbcClient jdbc;
    private final ProblemReplies replies;

    CallbacksApi(JdbcClient jdbc, ProblemReplies replies) {
        this.jdbc = jdbc;
        this.replies = replies;
    }

    /**
     * A recorded callback as ops read it.
     *
     * @param status the provider's word for the message ({@code undelivered}, {@code read}...)
     * @param state where the callback stands
     * @param outcome what the applier made of it: why it was set aside, or why it changed nothing
     * @param attempts how many times the applier took it
     * @param notificationId the notification it was applied to, when it matched one
     * @param retriedBy who last sent it back to be applied, if anyone did
     */
    record CallbackView(long id, String provider, String messageId, String status, String errorCode,
            String errorMessage, CallbackState state, String outcome, int attempts, Instant receivedAt,
            Instant appliedAt, String notificationId, String retriedBy, Instant retriedAt) {
    }

    record Listing(List<CallbackView> items, int page, int size, long total) {
    }

    /** {@code GET /ops/api/callbacks?state=&message_id=&page=&size=}: {@code failed} ones unless asked, newest first. */
    public HttpReply list(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        String stateText = QueryParams.text(query, "state");
        Optional<CallbackState> state = stateText == null
                ? Optional.of(CallbackState.FAILED)
                : CallbackState.of(stateText);
        if (state.isEmpty()) {
            errors.add(FieldError.oneOf("state", CallbackState.NAMES));
        }
        String messageId = QueryParams.text(query, "message_id", CallbackInbox.MAX_ID, errors);
        QueryParams.Paging paging = QueryParams.paging(query, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        // one statement, as the other listings: the page and the count of everything that matches
        Rows.Paged<CallbackView> found = Rows.page(jdbc.sql("""
                WITH matching AS (
                    SELECT * FROM provider_callbacks
                    WHERE state = :state AND (CAST(:messageId AS text) IS NULL OR message_id = :messageId))
                SELECT t.total, p.* FROM (SELECT count(*) AS total FROM matching) t
                LEFT JOIN (SELECT * FROM matching ORDER BY id DESC LIMIT :size OFFSET :offset) p ON true
                ORDER BY p.id DESC
                """)
                .param("state", state.orElseThrow().wire())
                .param("messageId", messageId),
                paging.page(), paging.size(), "id", (rs, row) -> view(rs));
        return replies.json(200, new Listing(found.items(), paging.page(), paging.size(), found.total()));
    }

    /**
     * {@code POST /ops/api/callbacks/{id}/retry}: a {@code failed} or {@code unmatched} callback goes back to
     * {@code pending} with its attempts reset, and the applier takes it on its next pass; anything else is a 409.
     */
    public HttpReply retry(String id, Caller caller) {
        long callbackId = ProblemException.numericId(id, "callback");
        Optional<CallbackView> retried = jdbc.sql("""
                UPDATE provider_callbacks
                   SET state = :pending, attempts = 0, next_attempt_at = clock_timestamp(), outcome = NULL,
                       applied_at = NULL, retried_by = :who, retried_at = clock_timestamp()
                 WHERE id = :id AND state IN (:setAside)
                RETURNING *
                """)
                .param("id", callbackId)
                .param("pending", CallbackState.PENDING.wire())
                .param("setAside", CallbackState.SET_ASIDE)
                .param("who", caller.name())
                .query((rs, row) -> view(rs))
                .optional();
        if (retried.isPresent()) {
            return replies.json(200, retried.get());
        }
        CallbackState state = jdbc.sql("SELECT state FROM provider_callbacks WHERE id = :id")
                .param("id", callbackId)
                .query(String.class)
                .optional()
                .flatMap(CallbackState::of)
                .orElseThrow(() -> ProblemException.notFound("callback", id));
        throw new ProblemException(Problems.of(409, "not-set-aside", "Not set aside", "Callback " + callbackId
                + " is " + state.wire() + ": only a callback set aside (" + String.join(", ", CallbackState.SET_ASIDE)
                + ") can be tried again"));
    }

    private static CallbackView view(ResultSet rs) throws SQLException {
        return new CallbackView(rs.getLong("id"), rs.getString("provider"), rs.getString("message_id"),
                rs.getString("status"), rs.getString("error_code"), rs.getString("error_message"),
                CallbackState.of(rs.getString("state")).orElseThrow(), rs.getString("outcome"), rs.getInt("attempts"),
                Rows.instant(rs, "received_at"), Rows.instant(rs, "applied_at"), rs.getString("notification_id"),
                rs.getString("retried_by"), Rows.instant(rs, "retried_at"));
    }
}
