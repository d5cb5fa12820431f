package com.coachway.hub.deadletter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What an edited replay changed (API.md §10): data only. An event's {@code source}, {@code type} and {@code id} are
 * who said what, and stay as they were parked; every other change is listed, path by path, for the audit.
 */
final class ReplayEdit {

    /** The attributes that say whose event it is and which: never edited. */
    static final List<String> IDENTITY = List.of("source", "type", "id", "specversion");
    static final int MAX_CHANGES = 50;
    static final int MAX_VALUE = 200;

    private ReplayEdit() {
    }

    /**
     * The changes from {@code original} to {@code edited}, as {@code [{path, before, after}]}; a body that is a
     * CloudEvent may not change its identity (a 400 naming each attribute).
     */
    static List<Map<String, String>> changes(String original, String edited, ObjectMapper json) {
        JsonNode before = tree(original, json);
        JsonNode after = tree(edited, json);
        if (before != null && before.isObject() && before.has("specversion")) {
            if (after == null || !after.isObject()) {
                throw ProblemException.badRequest("The edited body must still be the CloudEvent it was",
                        List.of(new FieldError("body", "must be a JSON object, a CloudEvent")));
            }
            List<FieldError> errors = new ArrayList<>();
            // one that was missing (the reason it was parked) may be filled in, and the audit shows it
            for (String attribute : IDENTITY) {
                if (before.hasNonNull(attribute) && !Objects.equals(before.get(attribute), after.get(attribute))) {
                    errors.add(new FieldError("body." + attribute, "an edited replay changes data only; "
                            + attribute + " stays " + before.path(attribute)));
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.badRequest("An edited replay may not change whose event it is", errors);
            }
        }
        List<Map<String, String>> changes = new ArrayList<>();
        if (before == null || after == null) {
            changes.add(Map.of("path", "$", "before", shorten(original), "after", shorten(edited)));
        } else {
            diff("", before, after, changes);
        }
        return changes;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<Map<String, String>> changes) {
        if (changes.size() >= MAX_CHANGES || before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = names.iterator(); it.hasNext();) {
                String name = it.next();
                diff(path.isEmpty() ? name : path + "." + name, before.path(name), after.path(name), changes);
            }
            return;
        }
        changes.add(Map.of("path", path.isEmpty() ? "$" : path, "before", text(before), "after", text(after)));
    }

    private static JsonNode tree(String body, ObjectMapper json) {
        try {
            return body == null ? null : json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node instanceof MissingNode ? "(absent)" : shorten(node.toString());
    }

    private static String shorten(String text) {
        return text == null ? "(none)" : text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "…";
    }
}
