package com.coachway.hub.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Holds the routing table in force. A broken file stops start-up; a broken edit later is refused and the table in
 * force stays, loudly logged and shown in health, so a typo never takes routing down.
 */
@Component("routing")
class RoutingTableHolder implements HealthIndicator, NotifyRoutes, LeadRoutes {

    private static final Logger log = LoggerFactory.getLogger(RoutingTableHolder.class);

    private final Path file;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private volatile String lastError;

    private final ObjectProvider<RoutingTableCheck> checks;

    // the checks of other features run on reload; at start they run once every template is in place
    RoutingTableHolder(RoutingProperties properties, ObjectProvider<RoutingTableCheck> checks) {
        this.checks = checks;
        this.file = properties.file().toAbsolutePath().normalize();
        byte[] content = read();
        current.set(new Loaded(parse(content), content, Instant.now()));
        log.info("Routing table {} loaded: {} rules", file, current.get().table().rules().size());
    }

    RoutingTable table() {
        return current.get().table();
    }

    @Override
    public List<NotifyRoute> current() {
        return current.get().notifyRoutes();
    }

    @Override
    public boolean makesLead(String type, JsonNode data) {
        return table().rules().stream().filter(rule -> rule.applies(type, data))
                .flatMap(rule -> rule.actions().stream())
                .anyMatch(action -> action instanceof RoutingAction.Lead && Condition.all(action.when(), data));
    }

    /** Reads the file again when it changed (the {@code routing.reload} route calls this on every instance). */
    public void reloadIfChanged() {
        byte[] content;
        try {
            content = read();
        } catch (RoutingTableException e) {
            remember(e);
            return;
        }
        if (Arrays.equals(content, current.get().content())) {
            if (lastError != null) {
                log.info("Routing table {} is the table in force again; the refused edit was taken back", file);
                lastError = null;
            }
            return;
        }
        try {
            RoutingTable table = parse(content);
            List<String> problems = checks.orderedStream()
                    .flatMap(check -> check.problems(NotifyRoute.of(table)).stream())
                    .toList();
            if (!problems.isEmpty()) {
                throw new RoutingTableException(file.toString(), problems);
            }
            current.set(new Loaded(table, content, Instant.now()));
            lastError = null;
            log.info("Routing table {} reloaded: {} rules", file, table.rules().size());
            checks.orderedStream().flatMap(check -> check.cautions(NotifyRoute.of(table)).stream())
                    .forEach(caution -> log.warn("Routing table {}: {}", file, caution));
        } catch (RoutingTableException e) {
            remember(e);
        }
    }

    @Override
    public Health health() {
        Loaded loaded = current.get();
        Health.Builder health = Health.up()
                .withDetail("file", file.toString())
                .withDetail("rules", loaded.table().rules().size())
                .withDetail("loadedAt", loaded.at().toString());
        if (lastError != null) {
            health.withDetail("refusedEdit", lastError);
        }
        return health.build();
    }

    private void remember(RoutingTableException e) {
        if (!e.getMessage().equals(lastError)) {
            log.error("Keeping the routing table in force; the edited file is refused. {}", e.getMessage());
        }
        lastError = e.getMessage();
    }

    private RoutingTable parse(byte[] content) {
        return RoutingTableParser.parse(file.toString(), new String(content, StandardCharsets.UTF_8));
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RoutingTableException(file.toString(), List.of("cannot read the file: " + e));
        }
    }

    // the notify actions are read at every intake (template_from checks): worked out once per table, not per event
    private record Loaded(RoutingTable table, byte[] content, Instant at, List<NotifyRoute> notifyRoutes) {

        Loaded(RoutingTable table, byte[] content, Instant at) {
            this(table, content, at, NotifyRoute.of(table));
        }
    }
}
