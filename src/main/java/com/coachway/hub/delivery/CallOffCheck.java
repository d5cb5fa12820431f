package com.coachway.hub.delivery;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
        Map<String, Orphans> byRule = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT rule, cancel_on, count(*) AS waiting, min(send_at) AS first_due FROM notifications
                WHERE status = 'queued' AND channel IS NULL AND cancel_match IS NOT NULL AND rule <> ALL(:scopes)
                GROUP BY rule, cancel_on
                ORDER BY rule
                """)
                .param("scopes", scopes)
                .query((rs, row) -> {
                    Orphans orphans = byRule.computeIfAbsent(rs.getString("rule"), Orphans::new);
                    orphans.waiting += rs.getLong("waiting");
                    Instant due = rs.getTimestamp("first_due").toInstant();
                    orphans.firstDue = orphans.firstDue == null || due.isBefore(orphans.firstDue)
                            ? due
                            : orphans.firstDue;
                    orphans.types.addAll(types(rs.getArray("cancel_on")));
                    return row;
                })
                .list();
        List<String> cautions = new ArrayList<>();
        byRule.values().forEach(orphans -> cautions.add(orphans.describe()));
        return cautions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        cautions(routes.current()).forEach(caution -> log.warn("Routing table: {}", caution));
    }

    private static List<String> types(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** The waiting sends of one rule the table no longer has. */
    private static final class Orphans {

        private final String rule;
        private final TreeSet<String> types = new TreeSet<>();
        private long waiting;
        private Instant firstDue;

        Orphans(String rule) {
            this.rule = rule;
        }

        String describe() {
            return "no rule '" + rule + "' is in the table, yet " + waiting + (waiting == 1 ? " send" : " sends")
                    + " it scheduled wait (the first due " + firstDue + ") for a call-off by "
                    + String.join(" or ", types) + " that no rule makes now: they go out at their time whatever"
                    + " comes. If a rule took its place, add 'formerly: " + rule + "' to it; otherwise cancel them"
                    + " (GET /api/v1/scheduled, POST /api/v1/scheduled/{id}/cancel)";
        }
    }
}
