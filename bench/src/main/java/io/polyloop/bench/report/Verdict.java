package io.polyloop.bench.report;

import java.util.Locale;

/**
 * One subject against one peer on one metric over the rounds of a run: the ratio of their medians, whether their
 * ranges (min–max over the rounds) overlap, and in how many rounds the subject did better than the peer of the same
 * round. The outcome is computed, never stated: {@link Outcome#AHEAD} or {@link Outcome#BEHIND} only when the ranges
 * do not overlap; {@link Outcome#LEVEL} when they do; {@link Outcome#UNDECIDED} with fewer than
 * {@value #MIN_ROUNDS} rounds on either side.
 *
 * @param subject the row judged (polyloop's)
 * @param peer    the row it is judged against
 * @param metric  the figure compared
 * @param ratio   subject's median ÷ peer's median (for a ↓ metric below 1 is better)
 * @param wins    rounds in which the subject's figure was better than the peer's of the same round
 * @param paired  rounds in which both gave a figure
 * @param outcome the verdict
 */
public record Verdict(Row subject, Row peer, Metric metric, double ratio, int wins, int paired, Outcome outcome) {
    /** Fewer rounds than this say nothing about the spread: no verdict. */
    public static final int MIN_ROUNDS = 3;

    public enum Outcome { AHEAD, LEVEL, BEHIND, UNDECIDED }

    /** Compares {@code subject} with {@code peer} on {@code metric}; both must have run. */
    public static Verdict of(Row subject, Row peer, Metric metric) {
        Spread s = subject.spread(metric);
        Spread p = peer.spread(metric);
        double ratio = s.median() / p.median();
        int wins = 0;
        int paired = 0;
        for (int i = 0; i < Math.min(s.rounds(), p.rounds()); i++) {
            if (!Double.isNaN(s.round(i)) && !Double.isNaN(p.round(i))) {
                paired++;
                if (metric.better(s.round(i), p.round(i))) {
                    wins++;
                }
            }
        }
        Outcome o;
        if (s.count() < MIN_ROUNDS || p.count() < MIN_ROUNDS || Double.isNaN(ratio)) {
            o = Outcome.UNDECIDED;
        } else if (s.overlaps(p)) {
            o = Outcome.LEVEL;
        } else {
            o = metric.better(s.median(), p.median()) ? Outcome.AHEAD : Outcome.BEHIND;
        }
        return new Verdict(subject, peer, metric, ratio, wins, paired, o);
    }

    /** @return e.g. "ahead: 1.08×, spreads do not overlap, better in 5 of 5 rounds" */
    public String describe() {
        String r = String.format(Locale.ROOT, "%.2f×", ratio);
        String rounds = paired == 0 ? "" : ", better in " + wins + " of " + paired + " rounds";
        switch (outcome) {
            case AHEAD: return "ahead: " + r + ", spreads do not overlap" + rounds;
            case BEHIND: return "behind: " + r + ", spreads do not overlap" + rounds;
            case LEVEL: return "no clear difference: " + r + ", spreads overlap" + rounds;
            default: return "undecided: " + r + ", fewer than " + MIN_ROUNDS + " rounds" + rounds;
        }
    }
}
