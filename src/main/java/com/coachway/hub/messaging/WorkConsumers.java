package com.coachway.hub.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How each stage consumes its work queues: {@code hub.<stage>.consumers}, {@code hub.<stage>.prefetch} and
 * {@code hub.<stage>.auto-startup}, for the stages ingress (AMQP), router, leads, notify and delivery. The work-consumer
 * routes read them as {@code route.<stage>.…}. The defaults are in {@code config/application.yml}; a value missing or
 * out of range stops the hub at start.
 *
 * @param ingress consumers of {@code q.ingress}
 * @param router consumers of {@code q.router}
 * @param leads consumers of {@code q.leads}
 * @param notifier consumers per notify lane (bulk and urgent), under {@code hub.notify} ({@code notify} is taken by
 *            {@link Object#notify()})
 * @param delivery consumers per delivery queue (per channel, bulk and urgent)
 */
@Validated
@ConfigurationProperties("hub")
record WorkConsumers(@DefaultValue @Valid Stage ingress, @DefaultValue @Valid Stage router,
        @DefaultValue @Valid Stage leads, @DefaultValue @Name("notify") @Valid Stage notifier,
        @DefaultValue @Valid Stage delivery) implements RouteSettings {

    /** The broker would take a larger prefetch, but a consumer holding more than this is hoarding, not buffering. */
    static final int MAX_PREFETCH = 1000;

    /** Each consumer may hold a pooled connection through its commit: far more than the pool is only waiting. */
    static final int MAX_CONSUMERS = 64;

    /**
     * One stage's consumers.
     *
     * @param consumers concurrent consumers per queue of the stage
     * @param prefetch messages each consumer holds unacknowledged; each is acknowledged only after its durable step,
     *            so this buys no risk, only how much a stopped or killed instance hands back for redelivery. 1 keeps
     *            a delivery consumer from holding sends another consumer (or instance) could make
     * @param autoStartup false leaves the stage's consumers stopped (tests and drills)
     */
    record Stage(@Min(value = 1, message = CONSUMERS) @Max(value = MAX_CONSUMERS, message = CONSUMERS) int consumers,
            @Min(value = 1, message = PREFETCH) @Max(value = MAX_PREFETCH, message = PREFETCH) int prefetch,
            @DefaultValue("true") boolean autoStartup) {

        // a stage left out of the configuration binds 0, and stops the start here rather than consuming nothing
        private static final String CONSUMERS = "must be between 1 and " + MAX_CONSUMERS;
        private static final String PREFETCH = "must be between 1 and " + MAX_PREFETCH;
    }

    private static Map<String, Stage> byStage(Stage ingress, Stage router, Stage leads, Stage notify,
            Stage delivery) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("ingress", ingress);
        stages.put("router", router);
        stages.put("leads", leads);
        stages.put("notify", notify);
        stages.put("delivery", delivery);
        return stages;
    }

    /**
     * Consumers that may each hold a database connection at once, for their whole step: ingress, router, leads and
     * both notify lanes keep theirs through the publish confirm. Delivery takes one only around short status updates.
     */
    int connectionHolders() {
        return ingress.consumers() + router.consumers() + leads.consumers() + 2 * notifier.consumers();
    }

    @Override
    public Map<String, Object> routeSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        byStage(ingress, router, leads, notifier, delivery).forEach((stage, values) -> {
            settings.put("route." + stage + ".consumers", values.consumers());
            settings.put("route." + stage + ".prefetch", values.prefetch());
            settings.put("route." + stage + ".auto-startup", values.autoStartup());
        });
        return settings;
    }
}
