package com.coachway.hub.templates;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.AbstractNodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.ForNode;
import io.pebbletemplates.pebble.node.IfNode;
import io.pebbletemplates.pebble.node.NamedArgumentNode;
import io.pebbletemplates.pebble.node.PositionalArgumentNode;
import io.pebbletemplates.pebble.node.PrintNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.RootNode;
import io.pebbletemplates.pebble.node.SetNode;
import io.pebbletemplates.pebble.node.TestInvocationExpression;
import io.pebbletemplates.pebble.node.expression.AndExpression;
import io.pebbletemplates.pebble.node.expression.ArrayExpression;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.ContextVariableExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.node.expression.FilterExpression;
import io.pebbletemplates.pebble.node.expression.FilterInvocationExpression;
import io.pebbletemplates.pebble.node.expression.FunctionOrMacroInvocationExpression;
import io.pebbletemplates.pebble.node.expression.GetAttributeExpression;
import io.pebbletemplates.pebble.node.expression.LiteralIntegerExpression;
import io.pebbletemplates.pebble.node.expression.LiteralLongExpression;
import io.pebbletemplates.pebble.node.expression.LiteralStringExpression;
import io.pebbletemplates.pebble.node.expression.MapExpression;
import io.pebbletemplates.pebble.node.expression.NegativeTestExpression;
import io.pebbletemplates.pebble.node.expression.PositiveTestExpression;
import io.pebbletemplates.pebble.node.expression.RangeExpression;
import io.pebbletemplates.pebble.node.expression.TernaryExpression;
import io.pebbletemplates.pebble.node.expression.UnaryExpression;
import io.pebbletemplates.pebble.node.expression.UnaryMinusExpression;
import io.pebbletemplates.pebble.node.expression.UnaryNotExpression;
import io.pebbletemplates.pebble.utils.Pair;

/**
 * Reads a Pebble body without rendering it and finds the variables it uses that are not certain to exist (and what
 * it says in constants, which TemplateValidator checks). A use is
 * safe when every step of its path is guaranteed (the caller says which paths exist whenever their parent does) or
 * guarded: inside {@code {% if x is defined %}}, after {@code x is defined and ...}, or under {@code | default(...)}.
 * Loop variables stand for the items of their list ({@code leg} in {@code for leg in legs} is {@code legs[]}).
 */
final class TemplateVariables {

    private static final ThreadLocal<RootNode> PARSED = new ThreadLocal<>();
    // analysis only: no date is shown, so any zone will do
    private static final PebbleEngine ENGINE = TemplateRenderer.builder(false, ZoneOffset.UTC)
            .cacheActive(false)
            .extension(new AbstractExtension() {
                @Override
                public List<NodeVisitorFactory> getNodeVisitors() {
                    return List.of(template -> new AbstractNodeVisitor(null) {
                        @Override
                        public void visit(RootNode node) {
                            PARSED.set(node);
                        }
                    });
                }
            })
            .build();

    private TemplateVariables() {
    }

    /**
     * The paths {@code body} uses without a guarantee or a guard, in the order they first appear; a body that does
     * not compile has none (the syntax check reports it).
     *
     * @param guaranteed whether a path exists whenever its parent does ({@code client.name} given {@code client})
     */
    public static List<String> unguarded(String body, Predicate<String> guaranteed) {
        Walk walk = walk(body, guaranteed);
        return walk == null ? List.of() : List.copyOf(walk.found);
    }

    /**
     * Every data path {@code body} reads, guarded or not, tested with {@code is defined} or printed (a loop's items as
     * {@code legs[].from}), in the order they first appear; locally set names are not data. Nothing when the body does
     * not compile.
     */
    public static Set<String> reads(String body) {
        Walk walk = walk(body, path -> true);
        return walk == null ? Set.of() : Collections.unmodifiableSet(walk.read);
    }

    /**
     * What a body says in constants, whatever the data will be: the formats of its {@code date()} filters, its
     * ranges of literal numbers ({@code 1..10}, {@code range(1, 10, 2)}) and the methods it calls
     * ({@code name.toUpperCase()}); nothing when it does not compile.
     */
    public static Constants constants(String body) {
        Walk walk = walk(body, path -> true);
        return walk == null
                ? new Constants(List.of(), List.of(), List.of(), List.of())
                : new Constants(List.copyOf(walk.dateFormats), List.copyOf(walk.ranges),
                        List.copyOf(walk.methodCalls), List.copyOf(walk.selfDoubling));
    }

    /**
     * @param dateFormats each literal format given to {@code date()}, in order
     * @param ranges each range whose bounds (and step) are literal numbers
     * @param methodCalls each method called on a value, as written ({@code toUpperCase}), once
     * @param selfDoubling each name set from two or more copies of itself ({@code {% set s = s ~ s %}}), once: it
     *        doubles each time it runs, so thirty turns of a loop ask for gigabytes
     */
    record Constants(List<String> dateFormats, List<Range> ranges, List<String> methodCalls,
            List<String> selfDoubling) {
    }

    /** A range as Pebble's {@code range(start, end, increment)} takes it. */
    record Range(long start, long end, long increment) {
    }

    private static Walk walk(String body, Predicate<String> guaranteed) {
        if (body == null) {
            return null;
        }
        RootNode root;
        try {
            PARSED.remove();
            ENGINE.getTemplate(body);
            root = PARSED.get();
        } catch (PebbleException e) {
            return null;
        } finally {
            PARSED.remove();
        }
        if (root == null) {
            return null;
        }
        Walk walk = new Walk(guaranteed);
        walk.body(root.getBody(), new Scope(Set.of(), Map.of(), Set.of(), false));
        return walk;
    }

    /** Shorthand for one expression, as an approved WhatsApp template variable is written. */
    public static List<String> unguardedExpression(String expression, Predicate<String> guaranteed) {
        return unguarded("{{ " + expression + " }}", guaranteed);
    }

    /**
     * What is known at a point of the template: guarded paths, loop variables and locally set names; under
     * {@code | default(...)} no use counts, as whatever is missing there gives the default.
     */
    private record Scope(Set<String> guarded, Map<String, String> loops, Set<String> locals, boolean defaulted) {

        Scope guarding(Set<String> more) {
            if (more.isEmpty()) {
                return this;
            }
            Set<String> all = new HashSet<>(guarded);
            all.addAll(more);
            return new Scope(all, loops, locals, defaulted);
        }

        Scope looping(String variable, String path) {
            Map<String, String> all = new HashMap<>(loops);
            all.put(variable, path + "[]");
            Set<String> names = new HashSet<>(locals);
            names.add("loop");
            return new Scope(guarded, all, names, defaulted);
        }

        Scope defaulting() {
            return new Scope(guarded, loops, locals, true);
        }
    }

    private static final class Walk {

        private final Predicate<String> guaranteed;
        private final Set<String> found = new LinkedHashSet<>();
        private final Set<String> read = new LinkedHashSet<>();
        private final Set<String> setNames = new HashSet<>();
        private final List<String> dateFormats = new ArrayList<>();
        private final List<Range> ranges = new ArrayList<>();
        private final Set<String> methodCalls = new LinkedHashSet<>();
        private final Set<String> selfDoubling = new LinkedHashSet<>();

        Walk(Predicate<String> guaranteed) {
            this.guaranteed = guaranteed;
        }

        void body(BodyNode body, Scope scope) {
            if (body == null) {
                return;
            }
            for (RenderableNode node : body.getChildren()) {
                node(node, scope);
            }
        }

        void node(RenderableNode node, Scope scope) {
            if (node instanceof PrintNode print) {
                expression(print.getExpression(), scope);
            } else if (node instanceof IfNode branch) {
                Scope next = scope;
                for (Pair<Expression<?>, BodyNode> arm : branch.getConditionsWithBodies()) {
                    expression(arm.getLeft(), next);
                    body(arm.getRight(), next.guarding(guards(arm.getLeft(), true, next)));
                    next = next.guarding(guards(arm.getLeft(), false, next));
                }
                body(branch.getElseBody(), next);
            } else if (node instanceof ForNode loop) {
                expression(loop.getIterable(), scope);
                String iterable = path(loop.getIterable(), scope);
                body(loop.getBody(), iterable == null ? scope : scope.looping(loop.getIterationVariable(), iterable));
                body(loop.getElseBody(), scope);
            } else if (node instanceof SetNode set) {
                expression(set.getValue(), scope);
                setNames.add(set.getName());
                if (reads(set.getValue(), set.getName()) >= 2) {
                    selfDoubling.add(set.getName());
                }
            } else if (node instanceof BodyNode inner) {
                body(inner, scope);
            }
        }

        void expression(Expression<?> expression, Scope scope) {
            if (expression == null) {
                return;
            }
            constants(expression);
            String path = path(expression, scope);
            if (path != null) {
                use(path, scope);
                return;
            }
            if (expression instanceof FilterExpression filter
                    && filter.getRightExpression() instanceof FilterInvocationExpression invocation) {
                // whatever is missing on the left of "| default(...)" gives the default instead; its constants still count
                expression(filter.getLeftExpression(),
                        "default".equals(invocation.getFilterName()) ? scope.defaulting() : scope);
                arguments(invocation.getArgs(), scope);
            } else if (isDefinedTest(expression)) {
                // "x is defined" never fails on a missing x
                BinaryExpression<?> test = (BinaryExpression<?>) expression;
                String tested = path(test.getLeftExpression(), scope);
                if (tested == null) {
                    expression(test.getLeftExpression(), scope);
                } else if (isData(tested, scope)) {
                    read.add(tested);
                }
            } else if (expression instanceof AndExpression and) {
                expression(and.getLeftExpression(), scope);
                expression(and.getRightExpression(), scope.guarding(guards(and.getLeftExpression(), true, scope)));
            } else if (expression instanceof BinaryExpression<?> binary) {
                expression(binary.getLeftExpression(), scope);
                expression(binary.getRightExpression(), scope);
            } else if (expression instanceof TernaryExpression ternary) {
                expression(ternary.getExpression1(), scope);
                expression(ternary.getExpression2(), scope.guarding(guards(ternary.getExpression1(), true, scope)));
                expression(ternary.getExpression3(), scope.guarding(guards(ternary.getExpression1(), false, scope)));
            } else if (expression instanceof UnaryExpression unary) {
                expression(unary.getChildExpression(), scope);
            } else if (expression instanceof FunctionOrMacroInvocationExpression function) {
                arguments(function.getArguments(), scope);
            } else if (expression instanceof GetAttributeExpression attribute) {
                expression(attribute.getNode(), scope);
                expression(attribute.getAttributeNameExpression(), scope);
                arguments(attribute.getArgumentsNode(), scope);
            }
        }

        /** Notes a date() format, a range written in literals, or a method called. */
        private void constants(Expression<?> expression) {
            if (expression instanceof FilterExpression filter
                    && filter.getRightExpression() instanceof FilterInvocationExpression invocation
                    && "date".equals(invocation.getFilterName())
                    && argument(invocation.getArgs(), 0, "format") instanceof LiteralStringExpression format) {
                dateFormats.add(format.getValue());
            } else if (expression instanceof RangeExpression range) {
                Long start = literal(range.getLeftExpression());
                Long end = literal(range.getRightExpression());
                if (start != null && end != null) {
                    ranges.add(new Range(start, end, 1));
                }
            } else if (expression instanceof FunctionOrMacroInvocationExpression function
                    && "range".equals(function.getFunctionName())) {
                Long start = literal(argument(function.getArguments(), 0, "start"));
                Long end = literal(argument(function.getArguments(), 1, "end"));
                Expression<?> step = argument(function.getArguments(), 2, "increment");
                Long increment = step == null ? Long.valueOf(1) : literal(step);
                if (start != null && end != null && increment != null) {
                    ranges.add(new Range(start, end, increment));
                }
            } else if (expression instanceof GetAttributeExpression attribute && attribute.getArgumentsNode() != null) {
                methodCalls.add(attribute.getAttributeNameExpression() instanceof LiteralStringExpression name
                        ? name.getValue()
                        : "?");
            }
        }

        private static Expression<?> argument(ArgumentsNode arguments, int position, String name) {
            if (arguments == null) {
                return null;
            }
            if (arguments.getPositionalArgs() != null && arguments.getPositionalArgs().size() > position) {
                return arguments.getPositionalArgs().get(position).getValueExpression();
            }
            if (arguments.getNamedArgs() != null) {
                for (NamedArgumentNode argument : arguments.getNamedArgs()) {
                    if (name.equals(argument.getName())) {
                        return argument.getValueExpression();
                    }
                }
            }
            return null;
        }

        /** A whole number written as such ({@code 10}, {@code -3}); null for anything else. */
        private static Long literal(Expression<?> expression) {
            if (expression instanceof LiteralLongExpression number) {
                return number.getValue();
            }
            if (expression instanceof LiteralIntegerExpression number) {
                return number.getValue().longValue();
            }
            if (expression instanceof UnaryMinusExpression minus) {
                Long value = literal(minus.getChildExpression());
                return value == null || value == Long.MIN_VALUE ? null : -value;
            }
            return null;
        }

        void arguments(ArgumentsNode arguments, Scope scope) {
            if (arguments == null) {
                return;
            }
            if (arguments.getPositionalArgs() != null) {
                for (PositionalArgumentNode argument : arguments.getPositionalArgs()) {
                    expression(argument.getValueExpression(), scope);
                }
            }
            if (arguments.getNamedArgs() != null) {
                for (NamedArgumentNode argument : arguments.getNamedArgs()) {
                    expression(argument.getValueExpression(), scope);
                }
            }
        }

        /** The paths known to exist where {@code condition} is {@code outcome}. */
        Set<String> guards(Expression<?> condition, boolean outcome, Scope scope) {
            Set<String> known = new HashSet<>();
            if (isDefinedTest(condition)) {
                boolean positive = !(condition instanceof NegativeTestExpression);
                String path = path(((BinaryExpression<?>) condition).getLeftExpression(), scope);
                if (path != null && positive == outcome) {
                    known.addAll(prefixes(path));
                }
            } else if (condition instanceof AndExpression and && outcome) {
                known.addAll(guards(and.getLeftExpression(), true, scope));
                known.addAll(guards(and.getRightExpression(), true, scope));
            } else if (condition instanceof UnaryNotExpression not) {
                known.addAll(guards(not.getChildExpression(), !outcome, scope));
            }
            return known;
        }

        private void use(String path, Scope scope) {
            if (!isData(path, scope)) {
                return;
            }
            read.add(path);
            if (scope.defaulted()) {
                return;
            }
            for (String prefix : prefixes(path)) {
                if (!scope.guarded().contains(prefix) && !prefix.endsWith("[]") && !guaranteed.test(prefix)) {
                    found.add(path);
                    return;
                }
            }
        }

        // not a name the template set itself, nor a loop's own variable
        private boolean isData(String path, Scope scope) {
            String root = path.split("\\.", 2)[0];
            return !scope.locals().contains(root) && !setNames.contains(root);
        }

        /** How many copies of the variable {@code name} an expression's value holds (a ternary: its larger arm). */
        private static int reads(Expression<?> expression, String name) {
            if (expression instanceof ContextVariableExpression variable) {
                return name.equals(variable.getName()) ? 1 : 0;
            } else if (expression instanceof TernaryExpression ternary) {
                return reads(ternary.getExpression1(), name) + Math.max(reads(ternary.getExpression2(), name),
                        reads(ternary.getExpression3(), name));
            } else if (expression instanceof BinaryExpression<?> binary) {
                return reads(binary.getLeftExpression(), name) + reads(binary.getRightExpression(), name);
            } else if (expression instanceof UnaryExpression unary) {
                return reads(unary.getChildExpression(), name);
            } else if (expression instanceof FilterInvocationExpression filter) {
                return reads(filter.getArgs(), name);
            } else if (expression instanceof FunctionOrMacroInvocationExpression function) {
                return reads(function.getArguments(), name);
            } else if (expression instanceof GetAttributeExpression attribute) {
                return reads(attribute.getNode(), name) + reads(attribute.getArgumentsNode(), name);
            } else if (expression instanceof ArrayExpression array) {
                return array.getValues().stream().mapToInt(value -> reads(value, name)).sum();
            } else if (expression instanceof MapExpression map) {
                return map.getEntries().entrySet().stream()
                        .mapToInt(entry -> reads(entry.getKey(), name) + reads(entry.getValue(), name)).sum();
            }
            return 0;
        }

        private static int reads(ArgumentsNode arguments, String name) {
            int reads = 0;
            if (arguments != null && arguments.getPositionalArgs() != null) {
                for (PositionalArgumentNode argument : arguments.getPositionalArgs()) {
                    reads += reads(argument.getValueExpression(), name);
                }
            }
            if (arguments != null && arguments.getNamedArgs() != null) {
                for (NamedArgumentNode argument : arguments.getNamedArgs()) {
                    reads += reads(argument.getValueExpression(), name);
                }
            }
            return reads;
        }

        /** The data path an expression reads ({@code trip.date}), with loop variables replaced; null otherwise. */
        String path(Expression<?> expression, Scope scope) {
            if (expression instanceof ContextVariableExpression variable) {
                String name = variable.getName();
                return scope.loops().getOrDefault(name, name);
            }
            if (expression instanceof GetAttributeExpression attribute && attribute.getArgumentsNode() == null
                    && attribute.getAttributeNameExpression() instanceof LiteralStringExpression literal) {
                String parent = path(attribute.getNode(), scope);
                return parent == null ? null : parent + "." + literal.getValue();
            }
            return null;
        }

        private static boolean isDefinedTest(Expression<?> expression) {
            return expression instanceof PositiveTestExpression // NegativeTestExpression is one too
                    && ((BinaryExpression<?>) expression).getRightExpression() instanceof TestInvocationExpression test
                    && "defined".equals(test.getTestName());
        }

        private static List<String> prefixes(String path) {
            List<String> prefixes = new ArrayList<>();
            int dot = path.indexOf('.');
            while (dot >= 0) {
                prefixes.add(path.substring(0, dot));
                dot = path.indexOf('.', dot + 1);
            }
            prefixes.add(path);
            return prefixes;
        }
    }
}
