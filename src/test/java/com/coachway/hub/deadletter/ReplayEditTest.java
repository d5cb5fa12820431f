package com.coachway.hub.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An edited replay changes data only, and says exactly what it changed. */
class ReplayEditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = """
            {"specversion":"1.0","id":"evt-1","source":"charter-service","type":"trip.reminder",
             "data":{"client":{"name":"Ana","phone":"+1555000111"}}}""";

    @Test
    void dataChangesAreListedPathByPath() {
        List<Map<String, String>> changes = ReplayEdit.changes(EVENT, EVENT.replace("+1555000111", "+15555550111")
                .replace("\"name\":\"Ana\"", "\"name\":\"Ana\",\"email\":\"ana@example.com\""), JSON);

        assertThat(changes).containsExactly(
                Map.of("path", "data.client.phone", "before", "\"+1555000111\"", "after", "\"+15555550111\""),
                Map.of("path", "data.client.email", "before", "(absent)", "after", "\"ana@example.com\""));
    }

    @Test
    void sourceTypeAndIdStayAsTheyWere() {
        String forged = EVENT.replace("charter-service", "sales-web").replace("trip.reminder", "lead.created")
                .replace("evt-1", "evt-2");
        assertThatThrownBy(() -> ReplayEdit.changes(EVENT, forged, JSON))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(Problems.errors(e.problem()))
                        .extracting(FieldError::field).containsExactly("body.source", "body.type", "body.id"));
        assertThatThrownBy(() -> ReplayEdit.changes(EVENT, "not json", JSON)).isInstanceOf(ProblemException.class);
        // an attribute the parked event lacked (why it was parked) may be filled in
        assertThat(ReplayEdit.changes("{\"specversion\":\"1.0\",\"id\":\"evt-1\"}", EVENT, JSON))
                .extracting(change -> change.get("path")).contains("source", "type", "data");
    }
}
