package com.coachway.hub.http;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.coachway.hub.problem.ProblemException;

/** Reads {@code application/x-www-form-urlencoded} bodies exactly as sent (webhook signatures depend on it). */
public final class FormBodies {

    static final int MAX_FIELDS = 200;

    private FormBodies() {
    }

    /** The fields of a form body, values in order; malformed encoding is a 400. */
    public static Map<String, List<String>> parse(byte[] body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return form;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.malformed("The form body is not UTF-8");
        }
        String[] pairs = text.split("&");
        if (pairs.length > MAX_FIELDS) {
            throw ProblemException.malformed("The form has more than " + MAX_FIELDS + " fields");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw ProblemException.malformed("The form body has a broken %-escape");
            }
        }
        return form;
    }

    /** The first value of a field, or null. */
    public static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
