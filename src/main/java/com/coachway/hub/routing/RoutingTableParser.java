package com.coachway.hub.routing;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.Priority;
import com.coachway.hub.vocabulary.QuietHours;

/**
 * Reads {@code routing.yml} strictly: unknown keys, unknown channels, missing templates and bad patterns are all
 * refused, every problem reported with its line, so a typo can never silently drop a notification.
 */
final class RoutingTableParser {

    static final List<String> CHANNELS = Channel.NAMES;
    static final List<String> CATEGORIES = Category.NAMES;
    static final List<String> PRIORITIES = Priority.NAMES;
    static final List<String> DESTINATIONS = List.of("charter", "vendor", "change");
    static final String TYPE_LAST = "{type.last}";

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9_]+");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)+");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private RoutingTableParser(String source) {
        this.source = source;
    }

    /** Parses the table or throws {@link RoutingTableException} naming every problem and its line. */
    static RoutingTable parse(String source, String yaml) {
        return new RoutingTableParser(source).parse(yaml);
    }

    private RoutingTable parse(String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(1_000_000);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new RoutingTableException(source, List.of("line " + line + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new RoutingTableException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        if (root == null) {
            throw new RoutingTableException(source, List.of("line 1: the file is empty; it needs a 'rules:' list"));
        }
        Map<String, Node> top = mapping(root, "the routing table", Set.of("version", "rules"));
        if (top == null) {
            throw failure();
        }
        Node version = top.get("version");
        if (version != null && !"1".equals(scalar(version, "version"))) {
            problem(version, "version must be 1");
        }
        Node rulesNode = top.get("rules");
        List<RoutingRule> rules = new ArrayList<>();
        if (rulesNode == null) {
            problem(root, "'rules:' is missing");
        } else if (rulesNode instanceof SequenceNode sequence) {
            Set<String> ids = new HashSet<>();
            Map<String, Node> nodes = new HashMap<>();
            for (Node ruleNode : sequence.getValue()) {
                RoutingRule rule = rule(ruleNode);
                if (rule != null && !ids.add(rule.id())) {
                    problem(ruleNode, "rule '" + rule.id() + "': the id is used by an earlier rule");
                }
                if (rule != null) {
                    rules.add(rule);
                    nodes.put(rule.id(), ruleNode);
                }
            }
            formerIds(rules, ids, nodes);
        } else {
            problem(rulesNode, "'rules' must be a list");
        }
        if (!problems.isEmpty()) {
            throw failure();
        }
        return new RoutingTable(source, rules);
    }

    // an id a rule was formerly known by names sends made under it, so no rule in force and no second rule may hold it
    private void formerIds(List<RoutingRule> rules, Set<String> ids, Map<String, Node> nodes) {
        Map<String, String> claimed = new HashMap<>();
        for (RoutingRule rule : rules) {
            for (String former : rule.formerly()) {
                if (ids.contains(former)) {
                    problem(nodes.get(rule.id()), "rule '" + rule.id() + "': formerly names '" + former
                            + "', a rule still in the table; drop one of them");
                } else if (claimed.putIfAbsent(former, rule.id()) != null) {
                    problem(nodes.get(rule.id()), "rule '" + rule.id() + "': formerly names '" + former
                            + "', which rule '" + claimed.get(former) + "' already took the place of");
                }
            }
        }
    }

    private RoutingRule rule(Node node) {
        Map<String, Node> fields = mapping(node, "a rule",
                Set.of("id", "formerly", "description", "match", "when", "actions"));
        if (fields == null) {
            return null;
        }
        int before = problems.size();
        String id = scalar(fields.get("id"), "id");
        String name = id == null ? "at line " + line(node) : "'" + id + "'";
        if (id == null) {
            problem(node, "rule " + name + ": 'id' is missing");
        } else if (!RULE_ID.matcher(id).matches()) {
            problem(fields.get("id"), "rule " + name + ": the id must be lower-case letters, digits, '-', '_', '.'");
        }
        List<String> formerly = formerly(fields.get("formerly"), name);
        List<TypePattern> match = patterns(fields.get("match"), node, name);
        List<Condition> when = conditions(fields.get("when"), name);
        List<RoutingAction> actions = new ArrayList<>();
        Node actionsNode = fields.get("actions");
        if (actionsNode == null) {
            problem(node, "rule " + name + ": 'actions' is missing");
        } else if (actionsNode instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
            for (Node actionNode : sequence.getValue()) {
                RoutingAction action = action(actionNode, name);
                if (action != null) {
                    actions.add(action);
                }
            }
        } else {
            problem(actionsNode, "rule " + name + ": 'actions' must be a non-empty list");
        }
        if (id != null && formerly.contains(id)) {
            problem(fields.get("formerly"), "rule " + name + ": formerly names the rule's own id");
        }
        return problems.size() == before ? new RoutingRule(id, formerly, match, when, actions, line(node)) : null;
    }

    /** The ids a rule had before (a rename): {@code formerly: charter-confirmed}, or a list of them. */
    private List<String> formerly(Node node, String rule) {
        if (node == null) {
            return List.of();
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        List<String> ids = new ArrayList<>();
        for (Node item : items) {
            String id = scalar(item, "formerly");
            if (id == null) {
                continue; // said by scalar
            }
            if (!RULE_ID.matcher(id).matches()) {
                problem(item, "rule " + rule + ": formerly names the id (or a list of ids) the rule had before");
            } else if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private List<TypePattern> patterns(Node node, Node rule, String name) {
        List<TypePattern> patterns = new ArrayList<>();
        if (node == null) {
            problem(rule, "rule " + name + ": 'match' is missing");
            return patterns;
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        if (items.isEmpty()) {
            problem(node, "rule " + name + ": 'match' must name at least one event type");
        }
        for (Node item : items) {
            String pattern = scalar(item, "match");
            String problem = TypePattern.problem(pattern);
            if (problem != null) {
                problem(item, "rule " + name + ": " + problem);
            } else {
                patterns.add(new TypePattern(pattern));
            }
        }
        return patterns;
    }

    private RoutingAction action(Node node, String rule) {
        Map<String, Node> fields = mapping(node, "an action", Set.of("notify", "push", "lead", "raise", "when"));
        if (fields == null) {
            return null;
        }
        List<String> kinds = fields.keySet().stream().filter(k -> !k.equals("when")).toList();
        if (kinds.size() != 1) {
            problem(node, "rule " + rule + ": an action is exactly one of notify, push, raise or lead");
            return null;
        }
        List<Condition> when = conditions(fields.get("when"), rule);
        Node body = fields.get(kinds.get(0));
        return switch (kinds.get(0)) {
            case "notify" -> notify(body, rule, when);
            case "push" -> push(body, rule, when);
            case "raise" -> raise(body, rule, when);
            default -> lead(body, rule, when);
        };
    }

    private RoutingAction notify(Node node, String rule, List<Condition> when) {
        Map<String, Node> fields = mapping(node, "notify", Set.of("template", "template_from", "to", "channels",
                "category", "priority", "delay", "at", "skip_if_past", "cancel_on", "cancel_key", "quiet_hours",
                "threshold", "digest", "once_per"));
        if (fields == null) {
            return null;
        }
        int before = problems.size();
        String template = scalar(fields.get("template"), "template");
        String templateField = scalar(fields.get("template_from"), "template_from");
        if ((template == null) == (templateField == null)) {
            problem(node, "rule " + rule + ": notify needs exactly one of 'template' or 'template_from'");
        } else if (template != null && !TEMPLATE.matcher(template.replace(TYPE_LAST, "x")).matches()) {
            problem(fields.get("template"), "rule " + rule + ": template '" + template
                    + "' must be lower-case letters, digits and '_' (may use " + TYPE_LAST + ")");
        } else if (templateField != null && !DataPath.isValid(templateField)) {
            problem(fields.get("template_from"), "rule " + rule + ": template_from must be a dot path into data");
        }
        String to = scalar(fields.get("to"), "to");
        if (to == null) {
            problem(node, "rule " + rule + ": notify needs 'to' (client, driver, manager, vendor, agent, ...)");
        } else if (!DataPath.isValid(to)) {
            problem(fields.get("to"), "rule " + rule + ": 'to' must be a dot path into data, like client");
        }
        List<String> channels = new ArrayList<>();
        Node channelsNode = fields.get("channels");
        if (!(channelsNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problem(channelsNode == null ? node : channelsNode,
                    "rule " + rule + ": notify needs 'channels', a non-empty list in fallback order");
        } else {
            for (Node channelNode : sequence.getValue()) {
                String channel = oneOf(channelNode, "channel", CHANNELS, rule);
                if (channel != null && channels.contains(channel)) {
                    problem(channelNode, "rule " + rule + ": channel '" + channel + "' is listed twice");
                } else if (channel != null) {
                    channels.add(channel);
                }
            }
        }
        String category = fields.containsKey("category")
                ? oneOf(fields.get("category"), "category", CATEGORIES, rule)
                : "transactional";
        String priority = fields.containsKey("priority")
                ? oneOf(fields.get("priority"), "priority", PRIORITIES, rule)
                : "normal";
        Workflow workflow = workflow(node, fields, rule);
        if (problems.size() != before) {
            return null;
        }
        return new RoutingAction.Notify(template, templateField, to, channels, category, priority, when, workflow);
    }

    /** The workflow keys of a notify action (API.md §2b), each checked with its line named. */
    private Workflow workflow(Node node, Map<String, Node> fields, String rule) {
        Duration delay = null;
        if (fields.containsKey("delay")) {
            delay = duration(fields.get("delay"), "delay", rule);
            if (delay != null && (delay.isNegative() || delay.isZero())) {
                problem(fields.get("delay"), "rule " + rule + ": delay must be positive, like PT2H");
            }
        }
        Workflow.At at = fields.containsKey("at") ? at(fields.get("at"), rule) : null;
        if (delay != null && at != null) {
            problem(node, "rule " + rule + ": notify takes 'delay' or 'at', not both");
        }
        boolean skipIfPast = false;
        if (fields.containsKey("skip_if_past")) {
            String flag = scalar(fields.get("skip_if_past"), "skip_if_past");
            if (!"true".equals(flag) && !"false".equals(flag)) {
                problem(fields.get("skip_if_past"), "rule " + rule + ": skip_if_past must be true or false");
            } else if (at == null) {
                problem(fields.get("skip_if_past"), "rule " + rule + ": skip_if_past goes beside 'at'");
            }
            skipIfPast = "true".equals(flag);
        }
        List<String> cancelOn = new ArrayList<>();
        Node cancelNode = fields.get("cancel_on");
        if (cancelNode != null) {
            if (!(cancelNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                problem(cancelNode, "rule " + rule + ": cancel_on must list event types, like [charter.cancelled]");
            } else {
                for (Node item : sequence.getValue()) {
                    String type = scalar(item, "cancel_on");
                    if (type == null || !EVENT_TYPE.matcher(type).matches()) {
                        problem(item, "rule " + rule + ": cancel_on: '" + type + "' is not an event type");
                    } else {
                        cancelOn.add(type);
                    }
                }
            }
        }
        String cancelKey = scalar(fields.get("cancel_key"), "cancel_key");
        if (cancelKey != null && !DataPath.isValid(cancelKey)) {
            problem(fields.get("cancel_key"), "rule " + rule + ": cancel_key must be a dot path into data");
        } else if (cancelKey != null && cancelNode == null) {
            problem(fields.get("cancel_key"), "rule " + rule + ": cancel_key goes with cancel_on");
        }
        if ((cancelNode != null) && delay == null && at == null) {
            problem(cancelNode, "rule " + rule + ": cancel_on needs a send that waits ('delay' or 'at')");
        }
        QuietHours quiet = fields.containsKey("quiet_hours")
                ? quietHours(fields.get("quiet_hours"), rule)
                : null;
        Workflow.Threshold threshold = fields.containsKey("threshold")
                ? threshold(fields.get("threshold"), rule)
                : null;
        Workflow.Digest digest = fields.containsKey("digest") ? digest(fields.get("digest"), rule) : null;
        if (digest != null && (delay != null || at != null)) {
            problem(fields.get("digest"),
                    "rule " + rule + ": a digest sends when its window closes; drop 'delay'/'at'");
        }
        String oncePer = scalar(fields.get("once_per"), "once_per");
        if (oncePer != null && !DataPath.isValid(oncePer)) {
            problem(fields.get("once_per"), "rule " + rule + ": once_per must be a dot path into data, like"
                    + " charter_id");
        } else if (oncePer != null && (delay != null || at != null)) {
            problem(fields.get("once_per"), "rule " + rule + ": once_per goes on a send made at once; a waiting"
                    + " send gives way to a later event's through cancel_on");
        } else if (oncePer != null && (threshold != null || digest != null)) {
            problem(fields.get("once_per"), "rule " + rule + ": once_per goes on a notify that tells of each event,"
                    + " not beside 'threshold' or 'digest'");
        }
        return delay == null && at == null && quiet == null && threshold == null && digest == null && oncePer == null
                ? Workflow.NONE
                : new Workflow(delay, at, skipIfPast, cancelOn, cancelKey, quiet, threshold, digest, oncePer);
    }

    private Workflow.Digest digest(Node node, String rule) {
        Map<String, Node> fields = mapping(node, "digest", Set.of("key", "window"));
        if (fields == null) {
            return null;
        }
        String key = scalar(fields.get("key"), "key");
        String path = key != null && key.startsWith("data.") ? key.substring("data.".length()) : key;
        if (path == null || !(Workflow.Digest.RECIPIENT.equals(path) || DataPath.isValid(path))) {
            problem(fields.getOrDefault("key", node), "rule " + rule
                    + ": digest needs 'key': recipient, or the data path whose value gathers events");
            return null;
        }
        Duration window = fields.containsKey("window") ? duration(fields.get("window"), "window", rule) : null;
        if (window == null || window.isNegative() || window.isZero()) {
            problem(fields.getOrDefault("window", node), "rule " + rule
                    + ": digest needs 'window', a positive ISO-8601 duration like PT1H");
            return null;
        }
        return new Workflow.Digest(path, window);
    }

    private Workflow.Threshold threshold(Node node, String rule) {
        Map<String, Node> fields = mapping(node, "threshold", Set.of("key", "count", "within"));
        if (fields == null) {
            return null;
        }
        List<String> paths = new ArrayList<>();
        Node keyNode = fields.get("key");
        List<Node> keyNodes = keyNode instanceof SequenceNode sequence
                ? sequence.getValue()
                : List.of(keyNode == null
                        ? node
                        : keyNode);
        for (Node item : keyNodes) {
            String key = item == node ? null : scalar(item, "key");
            // the contract writes a key as a path from the event (data.client.email); data. is where paths start
            String path = key != null && key.startsWith("data.") ? key.substring("data.".length()) : key;
            if (path == null || !DataPath.isValid(path)) {
                problem(item, "rule " + rule + ": threshold needs 'key', the data path (or a list of them, the "
                        + "first present wins) that says whose events are counted");
            } else {
                paths.add(path);
            }
        }
        String count = scalar(fields.get("count"), "count");
        int times = 0;
        try {
            times = count == null ? 0 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            times = 0;
        }
        if (times < 2 || times > 1000) {
            problem(fields.getOrDefault("count", node), "rule " + rule
                    + ": threshold needs 'count', a whole number from 2 to 1000");
        }
        Duration within = fields.containsKey("within") ? duration(fields.get("within"), "within", rule) : null;
        if (within == null || within.isNegative() || within.isZero()) {
            problem(fields.getOrDefault("within", node), "rule " + rule
                    + ": threshold needs 'within', a positive ISO-8601 duration like P7D");
        }
        return paths.isEmpty() || times < 2 || times > 1000 || within == null
                ? null
                : new Workflow.Threshold(paths, times, within);
    }

    private QuietHours quietHours(Node node, String rule) {
        Map<String, Node> fields = mapping(node, "quiet_hours", Set.of("from", "to"));
        if (fields == null) {
            return null;
        }
        LocalTime from = timeOfDay(fields.get("from"), "from", node, rule);
        LocalTime to = timeOfDay(fields.get("to"), "to", node, rule);
        if (from != null && to != null && from.equals(to)) {
            problem(node, "rule " + rule + ": quiet_hours from and to must differ");
            return null;
        }
        return from == null || to == null ? null : new QuietHours(from, to);
    }

    private LocalTime timeOfDay(Node node, String what, Node parent, String rule) {
        String text = scalar(node, what);
        if (text == null) {
            problem(parent, "rule " + rule + ": quiet_hours needs '" + what + "', a time of day like 21:00");
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            problem(node, "rule " + rule + ": " + what + " '" + text + "' is not a time of day like 21:00");
            return null;
        }
    }

    private Workflow.At at(Node node, String rule) {
        Map<String, Node> fields = mapping(node, "at", Set.of("field", "offset", "time"));
        if (fields == null) {
            return null;
        }
        String field = scalar(fields.get("field"), "field");
        if (field == null || !DataPath.isValid(field)) {
            problem(fields.getOrDefault("field", node), "rule " + rule
                    + ": at needs 'field', the data path of a date or date-time, like trip.date");
            return null;
        }
        Period period = null;
        Duration duration = null;
        String offset = scalar(fields.get("offset"), "offset");
        if (offset != null) {
            try {
                // -P1D moves the calendar date (a day stays a day across a clock change); -PT2H moves the clock
                if (offset.contains("T")) {
                    duration = Duration.parse(offset);
                } else {
                    period = Period.parse(offset);
                }
            } catch (DateTimeParseException e) {
                problem(fields.get("offset"), "rule " + rule + ": offset '" + offset
                        + "' is not an ISO-8601 period or duration, like -P1D or PT2H");
            }
        }
        LocalTime time = null;
        String clock = scalar(fields.get("time"), "time");
        if (clock != null) {
            try {
                time = LocalTime.parse(clock);
            } catch (DateTimeParseException e) {
                problem(fields.get("time"), "rule " + rule + ": time '" + clock + "' is not a time of day like 09:00");
            }
        }
        return new Workflow.At(field, period, duration, time);
    }

    private Duration duration(Node node, String what, String rule) {
        String text = scalar(node, what);
        try {
            return text == null ? null : Duration.parse(text);
        } catch (DateTimeParseException e) {
            problem(node, "rule " + rule + ": " + what + " '" + text + "' is not an ISO-8601 duration, like PT2H");
            return null;
        }
    }

    private RoutingAction push(Node node, String rule, List<Condition> when) {
        String destination = oneOf(node, "push destination", DESTINATIONS, rule);
        return destination == null ? null : new RoutingAction.Push(destination, when);
    }

    private RoutingAction raise(Node node, String rule, List<Condition> when) {
        Map<String, Node> fields = mapping(node, "raise", Set.of("type", "once_per"));
        if (fields == null) {
            return null;
        }
        String type = scalar(fields.get("type"), "type");
        String oncePer = scalar(fields.get("once_per"), "once_per");
        if (type == null || !EVENT_TYPE.matcher(type).matches()) {
            problem(fields.getOrDefault("type", node), "rule " + rule
                    + ": raise needs 'type', an event type such as dispatch.recovery.escalated");
            return null;
        }
        if (oncePer == null || !DataPath.isValid(oncePer)) {
            problem(fields.getOrDefault("once_per", node), "rule " + rule
                    + ": raise needs 'once_per', the data path that identifies the occasion (raised once per value)");
            return null;
        }
        return new RoutingAction.Raise(type, oncePer, when);
    }

    private RoutingAction lead(Node node, String rule, List<Condition> when) {
        boolean empty = node instanceof MappingNode mapping && mapping.getValue().isEmpty();
        boolean yes = node instanceof ScalarNode scalar && "true".equals(scalar.getValue());
        if (!empty && !yes) {
            problem(node, "rule " + rule + ": lead takes no settings; write 'lead: {}'");
            return null;
        }
        return new RoutingAction.Lead(when);
    }

    private List<Condition> conditions(Node node, String rule) {
        List<Condition> conditions = new ArrayList<>();
        if (node == null) {
            return conditions;
        }
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        for (Node item : items) {
            Set<String> allowed = new HashSet<>(Condition.OPERATORS);
            allowed.add("field");
            Map<String, Node> fields = mapping(item, "a condition", allowed);
            if (fields == null) {
                continue;
            }
            String field = scalar(fields.get("field"), "field");
            List<String> operators = fields.keySet().stream().filter(k -> !k.equals("field")).toList();
            if (field == null || !DataPath.isValid(field)) {
                problem(item, "rule " + rule + ": a condition needs 'field', a dot path into data");
            } else if (operators.size() != 1) {
                problem(item, "rule " + rule + ": a condition needs exactly one of " + Condition.OPERATORS);
            } else {
                Condition condition = condition(field, operators.get(0), fields.get(operators.get(0)), rule);
                if (condition != null) {
                    conditions.add(condition);
                }
            }
        }
        return conditions;
    }

    private Condition condition(String field, String operator, Node operandNode, String rule) {
        JsonNode operand = json(operandNode);
        String expected = switch (operator) {
            case "in", "not_in" -> operand.isArray() && !operand.isEmpty() ? null : "a non-empty list";
            case "exists" -> operand.isBoolean() ? null : "true or false";
            case "gt", "gte", "lt", "lte" -> operand.isNumber() ? null : "a number";
            default -> operand.isContainerNode() ? "a single value" : null;
        };
        if (expected != null) {
            problem(operandNode, "rule " + rule + ": '" + operator + "' needs " + expected);
            return null;
        }
        return new Condition(field, operator, operand);
    }

    private String oneOf(Node node, String what, List<String> allowed, String rule) {
        String value = scalar(node, what);
        if (value == null || !allowed.contains(value)) {
            problem(node, "rule " + rule + ": unknown " + what + " '" + (value == null ? "" : value) + "' (use one of "
                    + String.join(", ", allowed) + ")");
            return null;
        }
        return value;
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mappingNode)) {
            problem(node, what + " must be a mapping of keys to values");
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                problem(tuple.getKeyNode(), "unknown key '" + (key == null ? "?" : key) + "' in " + what
                        + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else {
                fields.put(key, tuple.getValueNode());
            }
        }
        return fields;
    }

    private String scalar(Node node, String what) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            return scalar.getValue();
        }
        problem(node, "'" + what + "' must be a single value");
        return null;
    }

    private static JsonNode json(Node node) {
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            sequence.getValue().forEach(item -> array.add(json(item)));
            return array;
        }
        if (node instanceof MappingNode) {
            return JSON.objectNode();
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return JSON.booleanNode(value.toLowerCase(Locale.ROOT).matches("true|yes|on"));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return JSON.numberNode(new BigInteger(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return JSON.textNode(value);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return JSON.numberNode(new BigDecimal(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return JSON.textNode(value);
            }
        }
        return JSON.textNode(value);
    }

    private void problem(Node node, String message) {
        problems.add("line " + line(node) + ": " + message);
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private RoutingTableException failure() {
        return new RoutingTableException(source, problems);
    }
}
