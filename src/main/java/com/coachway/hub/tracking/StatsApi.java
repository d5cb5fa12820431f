package com.coachway.hub.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.QueryParams;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.templates.TemplateStore;
import com.coachway.hub.tracking.NotificationCounts.Counts;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.CompanyZone;

/**
 * {@code GET /api/v1/stats?template=&channel=&since=&until=&metric=}: what became of the notifications created in a
 * time range, in counts and rates, overall and per A/B variant, with the winning variant when a two-proportion
 * z-test says the difference in {@code metric} is significant: by default opens, or deliveries where nothing can be
 * opened (texts).
 */
@Component
class StatsApi {

    static final List<String> CHANNELS = Channel.NAMES;
    static final List<String> METRICS = Arrays.stream(Metric.values()).map(Metric::wire).toList();
    static final double ALPHA = 0.05;
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final NotificationCounts counts;
    private final ProblemReplies replies;
    private final TemplateStore templates;
    private final CompanyZone company;

    StatsApi(NotificationCounts counts, ProblemReplies replies, TemplateStore templates, CompanyZone company) {
        this.counts = counts;
        this.replies = replies;
        this.templates = templates;
        this.company = company;
    }

    /**
     * The rates an A/B test may compare, each with the channels on which the hub sees it happen at all: delivery on
     * every one; an open by an email's pixel or a WhatsApp read receipt; a click by an email's tracked link (links in
     * texts are sent as they are).
     */
    enum Metric {
        DELIVERED(Channel.values()), OPENED(Channel.WHATSAPP, Channel.EMAIL), CLICKED(Channel.EMAIL);

        private final List<String> seenOn;

        Metric(Channel... seenOn) {
            this.seenOn = Arrays.stream(seenOn).map(Channel::wire).toList();
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Metric of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        boolean seenOnAny(List<String> channels) {
            return channels.stream().anyMatch(seenOn::contains);
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
            errors.add(FieldError.oneOf("channel", CHANNELS));
        }
        String metric = QueryParams.text(query, "metric");
        if (metric != null && !METRICS.contains(metric)) {
            errors.add(FieldError.oneOf("metric", METRICS));
        }
        QueryParams.Period period = QueryParams.period(query, company.zone(), errors);
        Instant until = period.until() == null ? Instant.now() : period.until();
        Instant since = period.since() == null ? until.minus(DEFAULT_RANGE) : period.since();
        // both given and turned round, period() has said so
        if (period.until() == null && !since.isBefore(until)) {
            errors.add(new FieldError("since", "must be in the past (until is now when not given)"));
        } else if (since.isBefore(until) && Duration.between(since, until).compareTo(MAX_RANGE) > 0) {
            errors.add(new FieldError("since", "the range may span at most " + MAX_RANGE.toDays() + " days"));
        }
        if (errors.isEmpty()) {
            templates.neverNamed("template", template).ifPresent(errors::add);
        }
        if (errors.isEmpty()) {
            // an SMS-only test compared on opens would say "too little data" for ever
            List<String> inView = channelsInView(template, channel);
            Metric asked = metric != null
                    ? Metric.of(metric)
                    : Metric.OPENED.seenOnAny(inView) ? Metric.OPENED : Metric.DELIVERED;
            metric = asked.wire();
            if (!asked.seenOnAny(inView)) {
                String scope = channel != null
                        ? "the channel asked for is " + channel
                        : "template '" + template + "' has bodies for " + String.join(", ", inView) + " only";
                errors.add(new FieldError("metric", "'" + metric + "' is seen on " + String.join(" and ",
                        asked.seenOn) + " only, and " + scope + ": compare on delivered"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters", errors);
        }
        Map<String, Counts> byVariant = counts.byVariant(new NotificationCounts.Scope(template, channel, since, until,
                null));
        Counts total = NotificationCounts.total(byVariant.values());
        List<Group> variants = byVariant.entrySet().stream()
                .filter(e -> !e.getKey().isEmpty())
                .map(e -> new Group(e.getKey(), e.getValue(), e.getValue().rates()))
                .toList();
        return replies.json(200, new Stats(template, channel, since, until, total, total.rates(), variants,
                compare(variants, metric)));
    }

    // the channel asked for, else those the template (when named and not deleted) has bodies for, else all
    private List<String> channelsInView(String template, String channel) {
        if (channel != null) {
            return List.of(channel);
        }
        return template == null
                ? CHANNELS
                : templates.current(template).map(t -> CHANNELS.stream().filter(t.content()::supports).toList())
                        .orElse(CHANNELS);
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

    private static double rate(long part, long whole) {
        return NotificationCounts.rate(part, whole);
    }
}
