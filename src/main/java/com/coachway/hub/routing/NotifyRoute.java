package com.coachway.hub.routing;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One notify action of the routing table, as other features need to see it: which event types reach which template
 * on which channels.
 *
 * @param rule the rule id
 * @param line where the rule starts in the file
 * @param patterns the rule's event-type patterns ({@code change.case.*})
 * @param template the fixed template name (may hold {@code {type.last}}), or null when it comes from the data
 * @param templateField the data path holding the template name, or null
 * @param to the data path of the recipient (or list of recipients)
 * @param channels the channels in fallback order
 * @param provided data paths the rule's workflow adds for the template ({@code threshold.count}; a digest's
 *            {@code events}, {@code count} and what each of its events always holds, {@code events[].id})
 * @param eventData whether the template sees the event's data (a digest's sees only {@code events} and
 *            {@code count})
 * @param gathered the list whose items each hold an event, its data under {@code data} (a digest's {@code events[]},
 *            a threshold's {@code threshold.events[]}); null when the workflow gathers none
 * @param ensured data paths, with their parents, that the rule's and the action's conditions let through only when
 *            present ({@code when: {field: trip.passengers, gt: 50}}: {@code trip}, {@code trip.passengers})
 * @param cancelScopes the rule ids whose waiting sends the action's {@code cancel_on} calls off: its rule's, and those
 *            the rule had before ({@code formerly}); none without {@code cancel_on}
 */
public record NotifyRoute(String rule, int line, List<String> patterns, String template, String templateField,
        String to, List<String> channels, List<String> provided, boolean eventData, String gathered,
        Set<String> ensured,
        List<String> cancelScopes) {

    /** How a template's check names each event a digest gathers into {@code events}. */
    public static final String GATHERED = "events[]";

    public NotifyRoute {
        patterns = List.copyOf(patterns);
        channels = List.copyOf(channels);
        provided = List.copyOf(provided);
        ensured = Set.copyOf(ensured);
        cancelScopes = List.copyOf(cancelScopes);
    }

    /** Whether an event of this type reaches the action (the rule's data conditions aside). */
    public boolean matches(String type) {
        return patterns.stream().anyMatch(p -> new TypePattern(p).matches(type));
    }

    /** Whether a pattern names exactly one type, so that type can reach the action without any schema naming it. */
    public List<String> exactTypes() {
        return patterns.stream().filter(p -> !p.contains("*") && !p.contains("#")).toList();
    }

    /** The template an event of this type gets; null when the data names it. */
    public String templateFor(String type) {
        return template == null
                ? null
                : template.replace(RoutingTableParser.TYPE_LAST, type.substring(type.lastIndexOf('.') + 1));
    }

    /** For messages: {@code rule charter-confirmed, line 31}. */
    public String describe() {
        return "rule " + rule + ", line " + line;
    }

    static List<NotifyRoute> of(RoutingTable table) {
        return table.rules().stream()
                .flatMap(rule -> rule.actions().stream()
                        .filter(RoutingAction.Notify.class::isInstance)
                        .map(RoutingAction.Notify.class::cast)
                        .map(notify -> new NotifyRoute(rule.id(), rule.line(),
                                rule.match().stream().map(TypePattern::pattern).toList(), notify.template(),
                                notify.templateField(), notify.to(), notify.channels(), notify.workflow().provides(),
                                notify.workflow().digest() == null, notify.workflow().gathers(),
                                ensured(rule.when(), notify.when()),
                                notify.workflow().cancelOn().isEmpty() ? List.of() : scopes(rule))))
                .toList();
    }

    /** The rule ids a rule's sends wait under: its own, then those it had before. */
    static List<String> scopes(RoutingRule rule) {
        return Stream.concat(Stream.of(rule.id()), rule.formerly().stream()).toList();
    }

    private static Set<String> ensured(List<Condition> rule, List<Condition> action) {
        Set<String> paths = new HashSet<>();
        Stream.concat(rule.stream(), action.stream()).filter(Condition::needsField).forEach(condition -> {
            String[] steps = condition.field().split("\\.");
            for (int i = 1; i <= steps.length; i++) {
                paths.add(String.join(".", Arrays.copyOfRange(steps, 0, i)));
            }
        });
        return paths;
    }
}
