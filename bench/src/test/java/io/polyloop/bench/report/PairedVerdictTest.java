package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import static io.polyloop.bench.report.VerdictTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedVerdictTest {
    static final Metric RATE = Metric.higher("msgs/s", 0);
    static final Metric P99 = Metric.lower("p99 µs", 0);

    /** 12 peer rounds whose level drifts (a slow host period in rounds 4-7) far more than the difference. */
    static final double[] PEER = {100, 104, 97, 101, 80, 78, 82, 79, 99, 103, 96, 100};

    /** polyloop's rounds: the peer's times {@code factor}, except the rounds in {@code worseIn}, which are 3 % worse. */
    static double[] scaled(double factor, int... worseIn) {
        return factors(factor, 0.97, worseIn);
    }

    /** polyloop's rounds: the peer's times {@code base}, times {@code other} in the rounds {@code otherIn}. */
    static double[] factors(double base, double other, int... otherIn) {
        double[] v = new double[PEER.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = PEER[i] * base;
        }
        for (int i : otherIn) {
            v[i] = PEER[i] * other;
        }
        return v;
    }

    @Test
    void aFewPercentBetterInTenOfTwelvePairsIsAheadThoughTheRangesOverlap() {
        Row p = row("polyloop", true, RATE, scaled(1.04, 2, 9));
        Row n = row("Netty", false, RATE, PEER);
        PairedVerdict v = PairedVerdict.of(p, n, RATE);
        assertEquals(PairedVerdict.Outcome.AHEAD, v.outcome());
        assertEquals(12, v.pairs());
        assertEquals(10, v.better());
        assertEquals(2, v.worse());
        assertEquals(10, v.needed());
        assertEquals(79 / 4096.0, v.p(), 1e-12);
        assertEquals(1.04, v.medianFactor(), 1e-9);
        assertNull(v.why());
        assertEquals(Verdict.Outcome.LEVEL, Verdict.of(p, n, RATE).outcome()); // the ranges rule sees nothing
        assertTrue(v.describe().startsWith("ahead: better in 10, worse in 2 of 12 pairs (needs 10; sign test p = 0.019)"
                + ", median paired ratio 1.04×"), v.describe());
    }

    @Test
    void nineOfTwelveIsNoClearDifferenceAndATieCountsForNeitherSide() {
        Row n = row("Netty", false, RATE, PEER);
        PairedVerdict nine = PairedVerdict.of(row("polyloop", true, RATE, scaled(1.04, 2, 5, 9)), n, RATE);
        assertEquals(PairedVerdict.Outcome.NO_CLEAR_DIFFERENCE, nine.outcome());
        assertEquals(9, nine.better());

        double[] tie = scaled(1.04, 2, 9);
        tie[0] = PEER[0]; // ten better would be ahead; one of them a tie leaves nine
        PairedVerdict tied = PairedVerdict.of(row("polyloop", true, RATE, tie), n, RATE);
        assertEquals(9, tied.better());
        assertEquals(2, tied.worse());
        assertEquals(12, tied.pairs());
        assertEquals(PairedVerdict.Outcome.NO_CLEAR_DIFFERENCE, tied.outcome());
    }

    @Test
    void behindIsTheMirrorImageAndP99IsBetterWhenLower() {
        Row n = row("Netty", false, RATE, PEER);
        double[] worse = scaled(0.96);
        worse[3] = PEER[3] * 1.01;
        PairedVerdict b = PairedVerdict.of(row("polyloop", true, RATE, worse), n, RATE);
        assertEquals(PairedVerdict.Outcome.BEHIND, b.outcome());
        assertEquals(11, b.worse());
        assertEquals(12 / 4096.0 + 1 / 4096.0, b.p(), 1e-12);
        assertTrue(b.describe().contains("for polyloop worse"), b.describe());

        // p99: polyloop's lower p99 in every pair is ahead, and the paired ratio is peer ÷ polyloop, above 1
        PairedVerdict p99 = PairedVerdict.of(row("polyloop", true, P99, scaled(0.9)), row("Netty", false, P99, PEER),
                P99);
        assertEquals(PairedVerdict.Outcome.AHEAD, p99.outcome());
        assertEquals(1 / 0.9, p99.medianFactor(), 1e-9);
    }

    @Test
    void fewerThanSixPairsAreUndecidedAndHolesArePairedOut() {
        Row five = row("polyloop", true, RATE, 110, 111, 112, 113, 114);
        PairedVerdict v = PairedVerdict.of(five, row("Netty", false, RATE, 100, 100, 100, 100, 100), RATE);
        assertEquals(PairedVerdict.Outcome.UNDECIDED, v.outcome()); // 5 of 5 would pass at 0.05, the floor is 6 pairs
        assertTrue(v.describe().startsWith("undecided (fewer than 6 pairs)"), v.describe());

        double[] holes = scaled(1.1);
        for (int i = 0; i < 7; i++) {
            holes[i] = Double.NaN; // seven failed rounds leave five pairs
        }
        PairedVerdict h = PairedVerdict.of(row("polyloop", true, RATE, holes), row("Netty", false, RATE, PEER), RATE);
        assertEquals(5, h.pairs());
        assertEquals(PairedVerdict.Outcome.UNDECIDED, h.outcome());

        PairedVerdict six = PairedVerdict.of(row("polyloop", true, RATE, 110, 111, 112, 113, 114, 115),
                row("Netty", false, RATE, 100, 100, 100, 100, 100, 100), RATE);
        assertEquals(PairedVerdict.Outcome.AHEAD, six.outcome()); // 6 of 6: p = 1/64

        PairedVerdict mismatched = PairedVerdict.of(row("polyloop", true, RATE, 1, 2, 3, 4, 5, 6, 7),
                row("Netty", false, RATE, 1, 2, 3, 4, 5, 6), RATE);
        assertEquals(PairedVerdict.Outcome.UNDECIDED, mismatched.outcome());
        assertTrue(mismatched.why().contains("different rounds"), mismatched.why());
    }
}
