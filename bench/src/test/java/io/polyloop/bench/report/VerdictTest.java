package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {
    static final Metric RATE = Metric.higher("msgs/s", 0);
    static final Metric P99 = Metric.lower("p99 µs", 0);

    static Row row(String s, boolean polyloop, Metric m, double... rounds) {
        return Row.of(s, polyloop).putRounds(m, Spread.of(rounds));
    }

    @Test
    void apartRangesDecideWhichWayIsBetter() {
        Verdict ahead = Verdict.of(row("p", true, RATE, 110, 120, 115), row("n", false, RATE, 100, 90, 105), RATE);
        assertEquals(Verdict.Outcome.AHEAD, ahead.outcome());
        assertEquals(115 / 100.0, ahead.ratio(), 1e-9);
        assertEquals(3, ahead.wins());
        assertEquals(3, ahead.paired());
        assertTrue(ahead.describe().startsWith("ahead: 1.15×, spreads do not overlap, better in 3 of 3 rounds"),
                ahead.describe());

        // p99: lower is better, so the higher p99 is behind
        Verdict behind = Verdict.of(row("p", true, P99, 900, 950, 1000), row("n", false, P99, 700, 800, 750), P99);
        assertEquals(Verdict.Outcome.BEHIND, behind.outcome());
        assertEquals(0, behind.wins());
        Verdict lowerP99 = Verdict.of(row("p", true, P99, 700, 800, 750), row("n", false, P99, 900, 950, 1000), P99);
        assertEquals(Verdict.Outcome.AHEAD, lowerP99.outcome());
    }

    @Test
    void overlappingRangesAreParityEvenWithABetterMedian() {
        Verdict v = Verdict.of(row("p", true, RATE, 100, 130, 125), row("n", false, RATE, 101, 95, 98), RATE);
        assertEquals(Verdict.Outcome.LEVEL, v.outcome());
        assertEquals(2, v.wins());
        assertTrue(v.describe().startsWith("no clear difference: 1.28×, spreads overlap"), v.describe());
    }

    @Test
    void fewerThanThreeRoundsOnEitherSideDecideNothingAndRoundsPairOnlyWhereBothRan() {
        Verdict v = Verdict.of(row("p", true, RATE, 200, Double.NaN, Double.NaN), row("n", false, RATE, 1, 2, 3),
                RATE);
        assertEquals(Verdict.Outcome.UNDECIDED, v.outcome());
        assertEquals(1, v.paired());
        Verdict single = Verdict.of(Row.of("p", true).put(RATE, 5), Row.of("n", false).put(RATE, 1), RATE);
        assertEquals(Verdict.Outcome.UNDECIDED, single.outcome());
    }
}
