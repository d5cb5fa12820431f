package com.coachway.hub.templates;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.core.RangeFunction;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * Pebble's {@code range} function, which its {@code ..} operator calls too, with a budget: how many numbers one
 * rendered body may count through, over all its ranges. Pebble builds each range as a list in memory, so a typo such
 * as {@code 1..100000000}, a count taken from event data, or a loop inside a loop would otherwise hold a consumer
 * thread and its memory on every send of the template.
 */
final class BoundedRange implements Function {

    /** The numbers one rendered body may count through. */
    static final long BUDGET = 10_000;

    // a body renders on one thread from start to end (no parallel tag: the engine has no executor)
    private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[1]);

    private final RangeFunction core = new RangeFunction();

    /** The body about to render on this thread starts with the whole budget. */
    static void startBody() {
        SPENT.get()[0] = 0;
    }

    @Override
    public List<String> getArgumentNames() {
        return core.getArgumentNames();
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
        // anything but numbers (letters, a wrong increment) goes to Pebble as it is: letters are few, the rest fails
        if (args.get("start") instanceof Number start && args.get("end") instanceof Number end
                && (args.get("increment") == null || args.get("increment") instanceof Number)) {
            long increment = args.get("increment") instanceof Number step ? step.longValue() : 1;
            long count = count(start.longValue(), end.longValue(), increment);
            long[] spent = SPENT.get();
            spent[0] = Math.min(BUDGET + 1, spent[0] + Math.min(count, BUDGET + 1));
            if (spent[0] > BUDGET) {
                throw new PebbleException(null, refusal(start.longValue(), end.longValue(), increment, count),
                        lineNumber, self.getName());
            }
        }
        return core.execute(args, self, context, lineNumber);
    }

    /** Why a range is refused, at a send or when the template is saved. */
    static String refusal(long start, long end, long increment, long count) {
        return "range " + start + ".." + end + (increment == 1 ? "" : " by " + increment) + " counts " + count
                + " numbers; one message may count through at most " + BUDGET + " in all its loops";
    }

    /** How many numbers Pebble's range would list, without listing them (exact for any longs, no overflow). */
    static long count(long start, long end, long increment) {
        if (increment == 0 || (increment > 0 ? end < start : end > start)) {
            return 0;
        }
        BigInteger span = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start)).abs();
        return span.divide(BigInteger.valueOf(increment).abs()).add(BigInteger.ONE)
                .min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }
}
