package io.polyloop.bench.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * One subject against one peer over paired rounds: round i of both rows ran close in time (same interleaved round),
 * so a slow period of the host slows both and the pair cancels it. The rule, fixed before any record run:
 * <ul>
 *     <li>per pair the factor by which polyloop did better: subject ÷ peer for a ↑ metric, peer ÷ subject for a ↓
 *     one (above 1 is better for polyloop); a tie counts for neither side;</li>
 *     <li>{@link Outcome#AHEAD}: better in at least {@link SignTest#needed} of the n pairs (one-sided sign test at
 *     {@value SignTest#ALPHA}) and a median factor above 1; {@link Outcome#BEHIND}: the mirror image;</li>
 *     <li>{@link Outcome#UNDECIDED} with fewer than {@value #MIN_PAIRS} pairs, else
 *     {@link Outcome#NO_CLEAR_DIFFERENCE}.</li>
 * </ul>
 * "At least level" is decided by {@link Goals} as a non-inferiority test with a margin of 5 %: the factor at least
 * {@value #LEVEL} in at least {@link SignTest#needed} of the n pairs, and a median factor of {@value #LEVEL} or more.
 * A server steadily 3 % behind is level by it; one whose pairs swing between 0.90 and 1.02 is not shown to be.
 *
 * @param subject     polyloop's row
 * @param peer        the row it is judged against
 * @param metric      the figure compared
 * @param pairs       rounds in which both gave a figure
 * @param better      pairs in which polyloop's figure was better
 * @param worse       pairs in which it was worse
 * @param withinLevel pairs in which the factor was {@value #LEVEL} or more (polyloop no more than 5 % behind)
 * @param medianFactor median over the pairs of the factor by which polyloop did better (NaN without pairs)
 * @param needed      pairs one side must win to be ahead or behind
 * @param p           one-sided sign-test p for the side that won more pairs (polyloop's when equal)
 * @param outcome     the verdict
 * @param why         why it is undecided, else null
 */
public record PairedVerdict(Row subject, Row peer, Metric metric, int pairs, int better, int worse,
                            int withinLevel, double medianFactor, int needed, double p, Outcome outcome, String why) {
    /** Below this many pairs even n of n is weak evidence: no verdict. */
    public static final int MIN_PAIRS = 6;
    /** The factor down to which polyloop counts as level with the peer: no more than 5 % behind. */
    public static final double LEVEL = 0.95;

    public enum Outcome { AHEAD, BEHIND, NO_CLEAR_DIFFERENCE, UNDECIDED }

    /** Pairs round i of {@code subject} with round i of {@code peer} on {@code metric}. */
    public static PairedVerdict of(Row subject, Row peer, Metric metric) {
        Spread s = subject.spread(metric);
        Spread q = peer.spread(metric);
        double[] factors = new double[Math.min(s.rounds(), q.rounds())];
        int n = 0;
        int better = 0;
        int worse = 0;
        int withinLevel = 0;
        for (int i = 0; i < factors.length; i++) {
            double a = s.round(i);
            double b = q.round(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                continue;
            }
            double factor = metric.higherIsBetter() ? a / b : b / a;
            factors[n++] = factor;
            if (factor >= LEVEL) {
                withinLevel++;
            }
            if (metric.better(a, b)) {
                better++;
            } else if (metric.better(b, a)) {
                worse++;
            }
        }
        double[] f = Arrays.copyOf(factors, n);
        Arrays.sort(f);
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? f[n / 2] : (f[n / 2 - 1] + f[n / 2]) / 2;
        int needed = SignTest.needed(n, SignTest.ALPHA);
        double p = SignTest.upperTail(Math.max(better, worse), n);
        String why = null;
        Outcome o;
        if (s.rounds() != q.rounds()) {
            why = "the rows ran in different rounds (" + s.rounds() + " and " + q.rounds() + "), nothing to pair";
            o = Outcome.UNDECIDED;
        } else if (n < MIN_PAIRS) {
            why = "fewer than " + MIN_PAIRS + " pairs";
            o = Outcome.UNDECIDED;
        } else if (better >= needed && median > 1) {
            o = Outcome.AHEAD;
        } else if (worse >= needed && median < 1) {
            o = Outcome.BEHIND;
        } else {
            o = Outcome.NO_CLEAR_DIFFERENCE;
        }
        return new PairedVerdict(subject, peer, metric, n, better, worse, withinLevel, median, needed, p, o, why);
    }

    /** @return whether polyloop is shown to be no more than 5 % behind: see the class comment */
    public boolean level() {
        return outcome != Outcome.UNDECIDED && withinLevel >= needed && medianFactor >= LEVEL;
    }

    /** @return e.g. "within 5 % in 11 of 12 pairs (needs 10; sign test p = 0.003)" */
    public String describeLevel() {
        double pLevel = SignTest.upperTail(withinLevel, pairs);
        String pText = pLevel < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", pLevel);
        return String.format(Locale.ROOT, "within 5 %% or better in %d of %d pairs (needs %s; sign test %s)",
                withinLevel, pairs, needed > pairs ? "more than " + pairs : Integer.toString(needed), pText);
    }

    /**
     * @return e.g. "ahead: better in 11, worse in 1 of 12 pairs (needs 10; sign test p = 0.003), median paired
     *         ratio 1.04×"
     */
    public String describe() {
        String head;
        switch (outcome) {
            case AHEAD: head = "ahead"; break;
            case BEHIND: head = "behind"; break;
            case NO_CLEAR_DIFFERENCE: head = "no clear difference"; break;
            default: head = "undecided (" + why + ")";
        }
        String side = better >= worse ? "" : ", for polyloop worse";
        String pText = p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
        return String.format(Locale.ROOT, "%s: better in %d, worse in %d of %d pairs (needs %s; sign test %s%s), "
                        + "median paired ratio %.2f×", head, better, worse, pairs,
                needed > pairs ? "more than " + pairs : Integer.toString(needed), pText, side, medianFactor);
    }
}
