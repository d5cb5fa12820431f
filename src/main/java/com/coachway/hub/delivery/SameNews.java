package com.coachway.hub.delivery;

import java.util.Set;

import com.coachway.hub.templates.HubVariables;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether two notifications of one template tell the same: their data agree wherever the template reads it. A field
 * the template never reads (a batch job's own timestamp, say) is no news, nor are the parts the hub adds when it
 * sends: the recipient (the same address, by the caller's choice), the company, the unsubscribe link, and
 * {@code scheduled}, which lapses once a later send's time has passed (the confirmation repeated then is no news).
 */
final class SameNews {

    /** The data key under which routing names the sends an event scheduled. */
    static final String SCHEDULED = "scheduled";
    private static final Set<String> ADDED = Set.of(HubVariables.RECIPIENT, HubVariables.COMPANY,
            HubVariables.UNSUBSCRIBE_URL, SCHEDULED);

    private SameNews() {
    }

    /**
     * @param reads the data paths the template reads ({@code trip.date}, {@code legs[].from}); a list is compared
     *        whole
     */
    static boolean same(JsonNode before, JsonNode now, Set<String> reads) {
        for (String path : reads) {
            String compared = path.contains("[]") ? path.substring(0, path.indexOf("[]")) : path;
            String[] steps = compared.split("\\.");
            if (!ADDED.contains(steps[0]) && !same(at(before, steps), at(now, steps))) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode at(JsonNode data, String[] steps) {
        JsonNode node = data;
        for (String step : steps) {
            node = node == null ? null : node.get(step);
        }
        return node == null || node.isNull() ? null : node;
    }

    // a value as it prints: 901 and "901" say the same
    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }
}
