package com.coachway.hub.tracking;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.vocabulary.Channel;

/**
 * {@code GET /api/v1/stats?template=&channel=&since=&until=&metric=}: what became of the notifications created in a
 * time range, in counts and rates, overall and per A/B variant, with the winning variant when a two-proportion
 * z-test says the difference in {@code metric} is significant.
 */
@Component
class StatsApi {

    static final List<String> CHANNELS = Channel.NAMES;
    static final Set<String> METRICS = Set.of("delivered", "opened", "clicked");
    static final double ALPHA = 0.05;
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final JdbcClient jdbc;
    private final ProblemReplies replies;

    StatsApi(JdbcClient jdbc, ProblemReplies replies) {
        this.jdbc = jdbc;
        this.replies = replies;
    }

    /**
     * Counts of one group of notifications.
     *
     * @param total created in the range
     * @param sent handed to a provider
     * @param delivered reported delivered, read, opened or clicked; for email, sent and not bounced or failed
     * @param opened email opened or WhatsApp read
     * @param clicked a tracked link clicked
     * @param bounced bounced
     * @param failed failed or undelivered (at the provider or before: its rate is out of total)
     * @param blocked blocked by consent or for want of an address
     * @param unsubscribed unsubscribed through the email's link
     */
    record Counts(long total, long sent, long delivered, long opened, long clicked, long bounced, long failed,
            long blocked, long unsubscribed) {

        long of(String metric) {
            return switch (metric) {
                case "delivered" -> delivered;
                case "opened" -> opened;
                default -> clicked;
            };
        }

        /** The denominator of a metric's rate: delivery is out of sent, engagement out of delivered. */
        long base(String metric) {
            return "delivered".equals(metric) ? sent : delivered;
        }

        Map<String, Double> rates() {
            Map<String, Double> rates = new LinkedHashMap<>();
            rates.put("delivered", rate(delivered, sent));
            rates.put("opened", rate(opened, delivered));
            rates.put("clicked", rate(clicked, delivered));
            rates.put("bounced", rate(bounced, sent));
            rates.put("failed", rate(failed, total));
            rates.put("blocked", rate(blocked, total));
            rates.put("unsubscribed", rate(unsubscribed, delivered));
            return rates;
        }
    }

    record Group(String variant, Counts counts, Map<String, Double> rates) {
    }

    record Comparison(String test, String metric, double alpha, List<String> compared, Double z, Double pValue,
            boolean significant, String winner, Double confidence, String note) {
    }

    record Stats(String template, String channel, Instant since, Instant until, Counts counts,
            Map<String, Double> rates, List<Group> variants, Comparison abTest) {
    }

    public HttpReply stats(Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        String template = QueryParams.text(query, "template");
        if (template != null && !template.matches("[a-z0-9_.-]{1,100}")) {
            errors.add(new FieldError("template", "is not a template name"));
        }
        String channel = QueryParams.text(query, "channel");
        if (channel != null && !CHANNELS.contains(channel)) {
            errors.add(new FieldError("channel", "must be sms, whatsapp or email"));
        }
        String metric = QueryParams.text(query, "metric");
        if (metric == null) {
            metric = "opened";
        } else if (!METRICS.contains(metric)) {
            errors.add(new FieldError("metric", "must be delivered, opened or clicked"));
        }
        Instant until = QueryParams.instant(query, "until", errors);
        Instant since = QueryParams.instant(query, "since", errors);
        if (until == null) {
            until = Instant.now();
        }
        if (since == null) {
            since = until.minus(DEFAULT_RANGE);
        }
        if (!since.isBefore(until)) {
            errors.add(new FieldError("since", "must be before until"));
        } else if (Duration.between(since, until).compareTo(MAX_RANGE) > 0) {
            errors.add(new FieldError("since", "the range may span at most " + MAX_RANGE.toDays() + " days"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        Map<String, Counts> byVariant = count(template, channel, since, until);
        Counts total = byVariant.values().stream().reduce(new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), StatsApi::plus);
        List<Group> variants = byVariant.entrySet().stream()
                .filter(e -> !e.getKey().isEmpty())
                .map(e -> new Group(e.getKey(), e.getValue(), e.getValue().rates()))
                .toList();
        return replies.json(200, new Stats(template, channel, since, until, total, total.rates(), variants,
                compare(variants, metric)));
    }

    // best against runner-up on the metric's rate
    static Comparison compare(List<Group> variants, String metric) {
        if (variants.size() < 2) {
            return new Comparison(AbTest.NAME, metric, ALPHA, List.of(), null, null, false, null, null,
                    "fewer than two variants");
        }
        List<Group> ranked = variants.stream()
                .sorted(Comparator.comparingDouble((Group g) -> rate(g.counts().of(metric), g.counts().base(metric)))
                        .reversed())
                .toList();
        Group best = ranked.get(0);
        Group next = ranked.get(1);
        AbTest.Result result = AbTest.compare(best.counts().of(metric), best.counts().base(metric),
                next.counts().of(metric), next.counts().base(metric));
        boolean significant = result.significant(ALPHA);
        return new Comparison(AbTest.NAME, metric, ALPHA, List.of(best.variant(), next.variant()),
                result.decidable() ? result.z() : null, result.decidable() ? result.pValue() : null, significant,
                significant ? best.variant() : null, significant ? 1 - result.pValue() : null,
                result.decidable()
                        ? (significant ? null : "the difference is not significant")
                        : "too little data: each variant needs at least " + AbTest.MIN_EACH
                                + " successes and failures");
    }

    private Map<String, Counts> count(String template, String channel, Instant since, Instant until) {
        Map<String, Counts> groups = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT coalesce(n.variant, '') AS variant,
                       count(*) AS total,
                       count(*) FILTER (WHERE n.provider_message_id IS NOT NULL) AS sent,
                       count(*) FILTER (WHERE n.status IN ('delivered', 'read', 'opened', 'clicked')
                           OR (n.channel = 'email' AND n.provider_message_id IS NOT NULL
                               AND n.status NOT IN ('bounced', 'failed', 'undelivered'))) AS delivered,
                       count(*) FILTER (WHERE n.status IN ('read', 'opened', 'clicked')
                           OR EXISTS (SELECT 1 FROM tracking_events e WHERE e.notification_id = n.id)) AS opened,
                       count(*) FILTER (WHERE n.status = 'clicked' OR EXISTS (SELECT 1 FROM tracking_events e
                           WHERE e.notification_id = n.id AND e.kind = 'click')) AS clicked,
                       count(*) FILTER (WHERE n.status = 'bounced') AS bounced,
                       count(*) FILTER (WHERE n.status IN ('failed', 'undelivered')) AS failed,
                       count(*) FILTER (WHERE n.status = 'blocked') AS blocked,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM consent_history h
                           WHERE h.notification_id = n.id AND h.action = 'opt_out'
                             AND h.source = 'unsubscribe_link')) AS unsubscribed
                FROM notifications n
                WHERE (CAST(:template AS text) IS NULL OR n.template = :template)
                  AND (CAST(:channel AS text) IS NULL OR n.channel = :channel)
                  AND n.created_at >= :since AND n.created_at < :until
                GROUP BY coalesce(n.variant, '')
                ORDER BY 1
                """)
                .param("template", template)
                .param("channel", channel)
                .param("since", Timestamp.from(since))
                .param("until", Timestamp.from(until))
                .query(rs -> {
                    groups.put(rs.getString("variant"), new Counts(rs.getLong("total"), rs.getLong("sent"),
                            rs.getLong("delivered"), rs.getLong("opened"), rs.getLong("clicked"), rs.getLong("bounced"),
                            rs.getLong("failed"), rs.getLong("blocked"), rs.getLong("unsubscribed")));
                });
        return groups;
    }

    private static Counts plus(Counts a, Counts b) {
        return new Counts(a.total() + b.total(), a.sent() + b.sent(), a.delivered() + b.delivered(),
                a.opened() + b.opened(), a.clicked() + b.clicked(), a.bounced() + b.bounced(),
                a.failed() + b.failed(), a.blocked() + b.blocked(), a.unsubscribed() + b.unsubscribed());
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
