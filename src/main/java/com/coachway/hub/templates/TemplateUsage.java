package com.coachway.hub.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One way a template is reached, and what its data is certain to hold there.
 *
 * @param template the template name
 * @param usedBy who sends it, for messages: {@code event type charter.confirmed (rule charter-confirmed, line 31)}
 * @param channels the channels it may be rendered for
 * @param guaranteed whether a data path exists whenever its parent does ({@code client.name} given {@code client})
 * @param inWindow it goes only to someone who wrote to us within WhatsApp's 24 hours, checked before it is sent (an
 *            answer to their text), so WhatsApp free text always has its window
 */
public record TemplateUsage(String template, String usedBy, List<String> channels, Predicate<String> guaranteed,
        boolean inWindow) {

    public TemplateUsage {
        channels = List.copyOf(channels);
    }

    /** A use that may reach anyone: WhatsApp free text only within a window the business does not control. */
    public TemplateUsage(String template, String usedBy, List<String> channels, Predicate<String> guaranteed) {
        this(template, usedBy, channels, guaranteed, false);
    }

    /**
     * What one message's own data guarantees: a path holds when its parent is absent (nothing to fill in) or when it
     * is present and not null under every parent ({@code legs[].date} when every leg has a date).
     */
    public static Predicate<String> presentIn(JsonNode data) {
        return path -> {
            String[] steps = path.split("\\.");
            List<JsonNode> parents = List.of(data == null ? MissingNode.getInstance() : data);
            for (int i = 0; i < steps.length - 1; i++) {
                parents = step(parents, steps[i]);
            }
            String last = steps[steps.length - 1];
            String name = last.endsWith("[]") ? last.substring(0, last.length() - 2) : last;
            return parents.stream().allMatch(parent -> {
                JsonNode value = parent.get(name);
                return value != null && !value.isNull() && (!last.endsWith("[]") || value.isArray());
            });
        };
    }

    // the nodes one step further down: a field of each, or every item of each list ("legs[]")
    private static List<JsonNode> step(List<JsonNode> nodes, String step) {
        boolean items = step.endsWith("[]");
        String name = items ? step.substring(0, step.length() - 2) : step;
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode node : nodes) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (items) {
                value.forEach(next::add);
            } else {
                next.add(value);
            }
        }
        return next;
    }
}
