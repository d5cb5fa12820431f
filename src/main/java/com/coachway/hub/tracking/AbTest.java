package com.coachway.hub.tracking;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The two-proportion z-test (pooled variance, two-sided) that decides whether one variant's rate really beats
 * another's: z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p the pooled rate, p-value = 2 (1 - Phi(|z|)).
 * The normal approximation wants a few successes and failures on both sides; below that there is no verdict.
 */
final class AbTest {

    static final String NAME = "two-proportion z-test (pooled, two-sided)";
    static final int MIN_EACH = 5;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /**
     * The outcome of one comparison.
     *
     * @param z the test statistic (positive when the first rate is higher)
     * @param pValue the probability of a difference at least this large if the rates were equal
     * @param decidable whether there was enough data for the normal approximation
     */
    record Result(double z, double pValue, boolean decidable) {

        boolean significant(double alpha) {
            return decidable && pValue < alpha;
        }
    }

    private AbTest() {
    }

    static Result compare(long successes1, long trials1, long successes2, long trials2) {
        if (trials1 <= 0 || trials2 <= 0 || !enough(successes1, trials1) || !enough(successes2, trials2)) {
            return new Result(0, 1, false);
        }
        double p1 = (double) successes1 / trials1;
        double p2 = (double) successes2 / trials2;
        double pooled = (double) (successes1 + successes2) / (trials1 + trials2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2));
        if (se == 0) {
            return new Result(0, 1, false);
        }
        double z = (p1 - p2) / se;
        double pValue = 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
        return new Result(z, Math.max(0, pValue), true);
    }

    private static boolean enough(long successes, long trials) {
        return successes >= MIN_EACH && trials - successes >= MIN_EACH;
    }
}
