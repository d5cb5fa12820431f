package com.coachway.hub.routing;

import com.fasterxml.jackson.databind.JsonNode;

/** Dot paths into event data ({@code client.phone}); no wildcards, no expressions, nothing to inject. */
final class DataPath {

    private DataPath() {
    }

    static boolean isValid(String path) {
        return path != null && path.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    }

    /** The value at the path, or null when any step is missing. */
    static JsonNode resolve(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(step);
        }
        return node;
    }
}
