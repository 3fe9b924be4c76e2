package io.polyloop.bench.report;

import java.util.Arrays;

/**
 * The figures one subject gave over the rounds of a run, one per round in round order (NaN where a round gave none),
 * and their median and range. Immutable.
 */
public final class Spread {
    private final double[] perRound;
    private final double[] sorted;

    private Spread(double[] perRound) {
        this.perRound = perRound.clone();
        this.sorted = Arrays.stream(perRound).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }

    /** @param perRound one figure per round, NaN for a round that gave none */
    public static Spread of(double... perRound) {
        return new Spread(perRound);
    }

    /** @return how many rounds gave a figure */
    public int count() {
        return sorted.length;
    }

    /** @return how many rounds there were, those that gave no figure included */
    public int rounds() {
        return perRound.length;
    }

    /** @return the figure of round {@code i} (0-based), NaN if it gave none */
    public double round(int i) {
        return perRound[i];
    }

    /** @return the median of the figures (the mean of the middle two for an even count), NaN if there are none */
    public double median() {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /** @return whether the ranges [min, max] of this and {@code other} share a point */
    public boolean overlaps(Spread other) {
        return count() > 0 && other.count() > 0 && min() <= other.max() && other.min() <= max();
    }

    @Override
    public String toString() {
        return "Spread" + Arrays.toString(perRound);
    }
}
