package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import static io.polyloop.bench.report.VerdictTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoalsTest {
    static final Metric RATE = Metric.higher("ops/s", 0);
    static final Metric P99 = Metric.lower("p99 µs", 0);

    @Test
    void whatEachExpectationAccepts() {
        Verdict level = Verdict.of(row("p", true, RATE, 100, 130, 125), row("n", false, RATE, 101, 95, 98), RATE);
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AHEAD, level));
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, level));
        // overlapping ranges with a median of 0.80x: not level
        Verdict lower = Verdict.of(row("p", true, RATE, 80, 60, 100), row("n", false, RATE, 100, 95, 105), RATE);
        assertEquals(Verdict.Outcome.LEVEL, lower.outcome());
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, lower));
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.WITHIN_REACH, lower));

        Verdict twice = Verdict.of(row("p", true, RATE, 300, 310, 320), row("n", false, RATE, 100, 150, 140), RATE);
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.FAR_AHEAD, twice));
        Verdict bit = Verdict.of(row("p", true, RATE, 200, 210, 220), row("n", false, RATE, 100, 150, 140), RATE);
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.FAR_AHEAD, bit));

        // 0.85× and apart: behind, but within reach; 0.5×: not
        Verdict close = Verdict.of(row("p", true, RATE, 85, 84, 86), row("n", false, RATE, 100, 99, 101), RATE);
        assertEquals(Verdict.Outcome.BEHIND, close.outcome());
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.WITHIN_REACH, close));
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, close));
        Verdict far = Verdict.of(row("p", true, RATE, 50, 49, 51), row("n", false, RATE, 100, 99, 101), RATE);
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.WITHIN_REACH, far));

        // lower is better: half the p99 is twice as good
        Verdict p99 = Verdict.of(row("p", true, P99, 50, 49, 51), row("n", false, P99, 100, 99, 101), P99);
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.FAR_AHEAD, p99));

        Verdict one = Verdict.of(Row.of("p", true).put(RATE, 5), Row.of("n", false).put(RATE, 1), RATE);
        assertEquals(Goals.Status.UNDECIDED, Goals.status(Goals.Expect.AT_LEAST_LEVEL, one));
    }

    @Test
    void pairedGoalsAreDecidedByThePairsAndLevelNeedsAMedianOfNinetyFivePercent() {
        Row n = row("Netty y", false, RATE, PairedVerdictTest.PEER);
        PairedVerdict ahead = PairedVerdict.of(row("polyloop x", true, RATE, PairedVerdictTest.scaled(1.04, 2, 9)), n,
                RATE);
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.AHEAD, ahead));
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, ahead));
        // 0.96x in every pair: behind by the sign test, and level: no more than 5 % behind in 12 of 12 pairs
        PairedVerdict behind = PairedVerdict.of(row("p", true, RATE, PairedVerdictTest.scaled(0.96)), n, RATE);
        assertEquals(PairedVerdict.Outcome.BEHIND, behind.outcome());
        assertEquals(12, behind.withinLevel());
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, behind));
        // 0.94x in every pair: beyond the margin
        PairedVerdict beyond = PairedVerdict.of(row("p", true, RATE, PairedVerdictTest.scaled(0.94)), n, RATE);
        assertEquals(0, beyond.withinLevel());
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, beyond));
        // pairs swinging between 0.90x and 1.02x: a median of 0.96 but within 5 % in only 7 of 12 pairs, not shown
        PairedVerdict swinging = PairedVerdict.of(row("p", true, RATE,
                PairedVerdictTest.factors(1.02, 0.90, 0, 2, 4, 6, 8)), n, RATE);
        assertEquals(7, swinging.withinLevel());
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, swinging));
        // no clear difference: level with 0.96 in five pairs and 1.02 in seven, not with 0.94 in five
        PairedVerdict near = PairedVerdict.of(row("p", true, RATE, PairedVerdictTest.factors(0.96, 1.02, 0, 1, 2, 3, 4)), n,
                RATE);
        assertEquals(PairedVerdict.Outcome.NO_CLEAR_DIFFERENCE, near.outcome());
        assertEquals(0.96, near.medianFactor(), 1e-9);
        assertEquals(Goals.Status.MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, near));
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AHEAD, near));
        PairedVerdict low = PairedVerdict.of(row("p", true, RATE, PairedVerdictTest.factors(0.94, 1.02, 0, 1, 2, 3, 4)), n,
                RATE);
        assertEquals(Goals.Status.NOT_MET, Goals.status(Goals.Expect.AT_LEAST_LEVEL, low));
        PairedVerdict few = PairedVerdict.of(row("p", true, RATE, 2, 2, 2), row("q", false, RATE, 1, 1, 1), RATE);
        assertEquals(Goals.Status.UNDECIDED, Goals.status(Goals.Expect.AHEAD, few));
    }

    @Test
    void aPairedGoalShowsBothRulesAndThePairsDecide() {
        String md = new Goals().addPaired("echo 64 B msgs/s", Goals.Expect.AHEAD,
                row("polyloop x", true, RATE, PairedVerdictTest.scaled(1.04, 2, 9)),
                row("Netty y", false, RATE, PairedVerdictTest.PEER), RATE).markdown();
        assertTrue(md.contains("| ahead: better in 10, worse in 2 of 12 pairs (needs 10; sign test p = 0.019), median "
                + "paired ratio 1.04× | no clear difference: 1.02×, spreads overlap, better in 10 of 12 rounds | met |"),
                md);
    }

    @Test
    void markdownHasAComputedLinePerGoalAndSaysWhatDidNotRun() {
        Goals g = new Goals()
                .add("echo 64 B msgs/s", Goals.Expect.AHEAD, row("polyloop x", true, RATE, 110, 120, 115),
                        row("Netty y", false, RATE, 100, 90, 105), RATE)
                .add("redis", Goals.Expect.AT_LEAST_LEVEL, null, row("Lettuce", false, RATE, 1, 2, 3), RATE)
                .add("mini", Goals.Expect.WITHIN_REACH, row("m", true, RATE, 1, 2, 3),
                        Row.notAvailable("redis-server", false, "not installed"), RATE);
        String md = g.markdown();
        assertTrue(md.contains("| echo 64 B msgs/s (ahead) | polyloop x | Netty y | 115 ops/s | 100 ops/s | – (decided by the "
                + "ranges) | ahead: 1.15×, spreads do not overlap, better in 3 of 3 rounds | met |"), md);
        assertTrue(md.contains("| redis (at least level: median ≥ 0.95×) | – | – | – | – | not measured: polyloop's row did not run"),
                md);
        assertTrue(md.contains("not measured: the peer's row did not run"), md);
    }
}
