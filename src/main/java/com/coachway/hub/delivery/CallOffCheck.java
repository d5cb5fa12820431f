package com.coachway.hub.delivery;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.routing.NotifyRoute;
import com.coachway.hub.routing.NotifyRoutes;
import com.coachway.hub.routing.RoutingTableCheck;

/**
 * A timed send waits under the id of the rule that made it, and only a rule of that id (or one naming it in
 * {@code formerly}) calls it off: a trip reminder ends at the charter's cancellation because the rule that scheduled
 * it says {@code cancel_on: [charter.cancelled]}. A table without that rule, removed or renamed, leaves such sends to
 * go out whatever happens; that is allowed (they may be wanted), but said when such a table is put in force and at
 * start, naming the rule, how many wait, when the first is due and the two ways out.
 */
@Component
class CallOffCheck implements RoutingTableCheck, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(CallOffCheck.class);

    private final JdbcClient jdbc;
    private final NotifyRoutes routes;

    CallOffCheck(JdbcClient jdbc, NotifyRoutes routes) {
        this.jdbc = jdbc;
        this.routes = routes;
    }

    @Override
    public List<String> problems(List<NotifyRoute> candidate) {
        return List.of();
    }

    @Override
    public List<String> cautions(List<NotifyRoute> candidate) {
        String[] scopes = candidate.stream().flatMap(route -> route.cancelScopes().stream()).distinct()
                .toArray(String[]::new);
        return jdbc.sql("""
                SELECT n.rule, count(DISTINCT n.id) AS waiting, min(n.send_at) AS first_due,
                       string_agg(DISTINCT t.type, ' or ' ORDER BY t.type) AS types
                FROM notifications n CROSS JOIN LATERAL unnest(n.cancel_on) AS t(type)
                WHERE n.status = 'queued' AND n.channel IS NULL AND n.cancel_match IS NOT NULL
                  AND n.rule <> ALL(:scopes)
                GROUP BY n.rule
                ORDER BY n.rule
                """)
                .param("scopes", scopes)
                .query((rs, row) -> describe(rs.getString("rule"), rs.getLong("waiting"),
                        rs.getTimestamp("first_due").toInstant(), rs.getString("types")))
                .list();
    }

    @Override
    public void afterSingletonsInstantiated() {
        cautions(routes.current()).forEach(caution -> log.warn("Routing table: {}", caution));
    }

    private static String describe(String rule, long waiting, Instant firstDue, String types) {
        return "no rule '" + rule + "' is in the table, yet " + waiting + (waiting == 1 ? " send" : " sends")
                + " it scheduled wait (the first due " + firstDue + ") for a call-off by " + types
                + " that no rule makes now: they go out at their time whatever comes. If a rule took its place, add"
                + " 'formerly: " + rule + "' to it; otherwise cancel them (GET /api/v1/scheduled,"
                + " POST /api/v1/scheduled/{id}/cancel)";
    }
}
