package com.coachway.hub.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the form-encoded bodies the hub posts to Twilio, as WireMock recorded them. */
public final class Forms {

    private Forms() {
    }

    /** Each field's last value. */
    public static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        parseAll(body).forEach((name, values) -> form.put(name, values.get(values.size() - 1)));
        return form;
    }

    /** Every value of every field, in order. */
    public static Map<String, List<String>> parseAll(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form;
    }
}
