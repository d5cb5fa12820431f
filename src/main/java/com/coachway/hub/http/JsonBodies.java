package com.coachway.hub.http;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies strictly: duplicate keys, trailing garbage and absurd nesting are refused, and every failure is
 * a 400 problem that says what was wrong without echoing internals.
 */
@Component
public class JsonBodies {

    static final int MAX_NESTING_DEPTH = 64;

    private final ObjectMapper strict;

    public JsonBodies() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        this.strict = mapper;
    }

    /** Any JSON value; an empty or unreadable body is a 400. */
    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.malformed("The request body is empty");
        }
        try {
            JsonNode root = strict.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw ProblemException.malformed("The request body is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ProblemException.malformed("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.malformed("The body could not be read: " + e.getMessage());
        }
    }

    /** A JSON object without NUL characters anywhere (PostgreSQL cannot store them); anything else is a 400. */
    public JsonNode object(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object",
                    List.of(new FieldError("$", "must be a JSON object")));
        }
        String nul = nulAt(root, "");
        if (nul != null) {
            throw ProblemException.badRequest("The body holds a NUL character",
                    List.of(new FieldError(nul.isEmpty() ? "$" : nul, "must not contain NUL characters")));
        }
        return root;
    }

    /** The path of the first text or field name holding U+0000 ({@code to.name}, {@code channels[1]}), or null. */
    static String nulAt(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nulAt(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String child = path.isEmpty()
                    ? field.getKey().replace("\0", "?")
                    : path + "." + field.getKey()
                            .replace("\0", "?");
            if (field.getKey().indexOf('\0') >= 0) {
                return child;
            }
            String found = nulAt(field.getValue(), child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The field a Jackson mapping failure points at, as {@code a.b[2].c}. */
    public static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "$" : path.startsWith(".") ? path.substring(1) : path;
    }
}
