package com.coachway.hub.leads;

/**
 * Smooth weighted round-robin (the scheme nginx uses for upstreams): every candidate gains its weight, the highest
 * score wins and pays back the total. Over any run the picks follow the weights as closely as whole picks can, they
 * interleave instead of bunching (2:1:1 gives A B C A, not A A B C), and the result depends only on the stored
 * scores, so every hub instance computes the same pick.
 */
final class SmoothRoundRobin {

    private SmoothRoundRobin() {
    }

    /**
     * Picks one candidate and updates the scores in place.
     *
     * @param weights each candidate's weight (positive)
     * @param scores each candidate's running score, updated for the next pick
     * @return the index of the pick; ties go to the lower index
     */
    static int pick(int[] weights, long[] scores) {
        if (weights.length == 0 || weights.length != scores.length) {
            throw new IllegalArgumentException("need one score per weight, and at least one candidate");
        }
        long total = 0;
        int best = 0;
        for (int i = 0; i < weights.length; i++) {
            scores[i] += weights[i];
            total += weights[i];
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        scores[best] -= total;
        return best;
    }
}
