package com.coachway.hub.contracts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.coachway.hub.ingress.EventDataCheck;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.routing.NotifyRoute;
import com.coachway.hub.routing.NotifyRoutes;
import com.coachway.hub.routing.RoutingTableCheck;
import com.coachway.hub.templates.HubVariables;
import com.coachway.hub.templates.Template;
import com.coachway.hub.templates.TemplateGuard;
import com.coachway.hub.templates.TemplateStore;
import com.coachway.hub.templates.TemplateUsage;
import com.coachway.hub.templates.TemplateUsages;
import com.coachway.hub.templates.TrialRender;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Holds the routing table, the templates and the event schemas to each other: a rule's template may use only what
 * the schema of every event type reaching it requires (or what it guards), and an event's data must fit its schema
 * and, where the data picks the template ({@code template_from}), hold what that template needs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // the schema's check of event data comes before any feature's own
class EventContracts implements TemplateUsages, RoutingTableCheck, EventDataCheck {

    /** What the hub adds about the event itself to every message a rule sends. */
    static final Set<String> EVENT_CONTEXT = Set.of("event", "event.id", "event.type", "event.source");

    private final EventSchemas schemas;
    private final NotifyRoutes routes;
    private final TemplateGuard guard;
    private final TemplateStore templates;
    private final TrialRender trial;

    EventContracts(EventSchemas schemas, NotifyRoutes routes, TemplateGuard guard, TemplateStore templates,
            TrialRender trial) {
        this.schemas = schemas;
        this.routes = routes;
        this.guard = guard;
        this.templates = templates;
        this.trial = trial;
    }

    /** Every (event type, template) pair of the table in force. */
    @Override
    public List<TemplateUsage> usages() {
        return usages(routes.current());
    }

    @Override
    public List<String> problems(List<NotifyRoute> candidate) {
        return guard.checkStored(usages(candidate));
    }

    @Override
    public List<String> cautions(List<NotifyRoute> candidate) {
        return guard.cautionsStored(usages(candidate));
    }

    @Override
    public List<FieldError> problems(String type, JsonNode data) {
        List<FieldError> errors = new ArrayList<>(schemas.validate(type, data));
        boolean valid = errors.isEmpty();
        if (!valid && (data == null || !data.isObject())) {
            return errors;
        }
        for (NotifyRoute route : routes.current()) {
            if (route.templateField() == null || !route.matches(type)) {
                continue;
            }
            JsonNode named = data.at("/" + route.templateField().replace(".", "/"));
            String field = "data." + route.templateField();
            if (!named.isTextual()) {
                if (valid) {
                    errors.add(new FieldError(field, "must name a template")); // else the schema said so
                }
                continue;
            }
            Optional<Template> template = templates.current(named.textValue());
            if (template.isEmpty()) {
                // said beside the schema's problems, so that one answer lists them all
                errors.add(new FieldError(field, "names no template: '" + named.textValue() + "' does not exist"));
                continue;
            }
            if (!valid) {
                continue; // what the template needs of the data is checked once the data holds what its type requires
            }
            List<FieldError> missing = guard.missingData(template.get().name(), template.get().content(),
                    route.channels(), data, "the data of this " + type + " event");
            errors.addAll(missing.isEmpty()
                    ? trial.problems(template.get(), route.channels(), data, firstRecipient(data, route.to()),
                            Map.of("id", "", "type", type, "source", ""))
                    : missing);
        }
        return errors;
    }

    /** The recipient (or a list's first) at {@code to}, as a send puts it beside the data. */
    private static Map<String, Object> firstRecipient(JsonNode data, String to) {
        JsonNode found = data.at("/" + to.replace(".", "/"));
        JsonNode one = found.isArray() && !found.isEmpty() ? found.get(0) : found;
        return HubVariables.recipient(text(one, "name"), text(one, "phone"), text(one, "email"), text(one, "locale"),
                text(one, "timezone"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }

    /**
     * What the data of every event in a {@code list} a digest gathers or a threshold counts holds, as its template reads
     * it ({@code events[].data.charter_id}): the paths each of the types that reach it requires, as one list may hold
     * events of several, and those the rule's conditions let through only when present.
     */
    private Set<String> gatheredData(String list, Set<String> types, Set<String> ensured) {
        Set<String> common = null;
        for (String type : types) {
            Set<String> required = schemas.requiredPaths(type);
            if (common == null) {
                common = new HashSet<>(required);
            } else {
                common.retainAll(required);
            }
        }
        Set<String> held = new HashSet<>(ensured);
        if (common != null) {
            held.addAll(common);
        }
        return held.stream().map(path -> list + ".data." + path).collect(Collectors.toSet());
    }

    List<TemplateUsage> usages(List<NotifyRoute> candidate) {
        List<TemplateUsage> usages = new ArrayList<>();
        for (NotifyRoute route : candidate) {
            if (route.template() == null) {
                continue; // picked from the data: checked per event at intake
            }
            Set<String> types = new LinkedHashSet<>(route.exactTypes());
            schemas.types().stream().filter(route::matches).forEach(types::add);
            Set<String> gathered = route.gathered() == null
                    ? Set.of()
                    : gatheredData(route.gathered(), types, route.ensured());
            for (String type : types) {
                Set<String> required = schemas.requiredPaths(type);
                usages.add(new TemplateUsage(route.templateFor(type),
                        "event type " + type + " (" + route.describe() + ")", route.channels(),
                        path -> route.eventData() && (required.contains(path) || route.ensured().contains(path))
                                || EVENT_CONTEXT.contains(path) || route.provided().contains(path)
                                || gathered.contains(path)));
            }
        }
        return usages;
    }
}
