package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.coachway.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Helpers the lead tests share: agents, leads, and what the hub recorded about them. */
abstract class LeadsIntegrationTest extends HubIntegrationTest {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());
    static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes());
    static final String ANALYST = "Basic " + Base64.getEncoder().encodeToString("analyst:analyst-password".getBytes());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static String tripDate() {
        return LocalDate.now(ZoneId.of("America/New_York")).plusDays(30).toString();
    }

    /** A valid lead body with a unique email and phone; {@code overrides} are JSON members that replace defaults. */
    static String lead(String overrides) {
        int n = SEQUENCE.incrementAndGet();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        ObjectNode lead = (ObjectNode) json("""
                {"first_name":"Maria","last_name":"Lopez %d","email":"maria.%s@example.com","phone":"+1617555%04d",
                 "source":"web","trip_details":"Choir trip","estimated_passengers":20,"estimated_trip_date":"%s",
                 "pickup_location":"Hartford, CT","dropoff_location":"Washington, DC"}"""
                .formatted(n, unique, n % 10000, tripDate()));
        json("{" + overrides + "}").fields().forEachRemaining(field -> lead.set(field.getKey(), field.getValue()));
        return lead.toString();
    }

    HttpResponse<String> postLead(String body) {
        return post("/api/v1/leads", "application/json", body, "Authorization", "Bearer " + SALES_KEY);
    }

    JsonNode created(String body) {
        HttpResponse<String> response = postLead(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body());
    }

    JsonNode agent(String agentId, int weight, int cap) {
        return rule("""
                {"agent_id":"%s","agent_name":"Agent %s","agent_email":"%s@coachway.example",
                 "agent_phone":"+1 617 555 %s","weight":%d,"max_leads_per_day":%d,"is_active":true}"""
                .formatted(agentId, agentId, agentId, 1000 + Math.abs(agentId.hashCode()) % 9000, weight, cap));
    }

    /** An assignment rule an admin made: {@code body} as posted; a rule that is refused fails the test. */
    JsonNode rule(String body) {
        HttpResponse<String> response = post("/api/v1/assignment-rules", "application/json", body, "Authorization",
                ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body());
    }

    HttpResponse<String> putRule(long id, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/assignment-rules/" + id))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", ADMIN)
                .build());
    }

    JsonNode getLead(String id) {
        HttpResponse<String> response = get("/api/v1/leads/" + id, "Authorization", OPS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    HttpResponse<String> patch(String id, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/leads/" + id))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", OPS)
                .build());
    }

    List<String> activityKinds(String leadId) {
        return jdbc.sql("SELECT kind FROM lead_activities WHERE lead_id = ? ORDER BY id").param(leadId)
                .query(String.class).list();
    }

    /** What the lead's activities of one kind say, oldest first. */
    List<String> activityDetails(String leadId, String kind) {
        return jdbc.sql("SELECT detail FROM lead_activities WHERE lead_id = ? AND kind = ? ORDER BY id").param(leadId)
                .param(kind).query(String.class).list();
    }

    long leadCount() {
        return jdbc.sql("SELECT count(*) FROM leads").query(Long.class).single();
    }

    /** (template, recipient email or phone, channels) of every notification about a lead. */
    List<Map<String, Object>> noticesAbout(String leadId) {
        return jdbc.sql("""
                SELECT template, email, phone, channels::text AS channels, origin_key FROM notifications
                WHERE origin = 'lead' AND origin_key LIKE ? ORDER BY created_at, id""")
                .param("lead:" + leadId + ":%")
                .query()
                .listOfRows();
    }

    Map<String, Long> leadsPerAgent() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("""
                SELECT assigned_agent_id, count(*) AS n FROM leads
                WHERE assigned_agent_id IS NOT NULL GROUP BY assigned_agent_id""")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
