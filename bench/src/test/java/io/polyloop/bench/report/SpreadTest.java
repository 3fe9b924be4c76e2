package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpreadTest {
    @Test
    void medianOfOddAndEvenCountsAndRangeSkipRoundsWithoutAFigure() {
        Spread odd = Spread.of(5, 1, Double.NaN, 3);
        assertEquals(3, odd.count());
        assertEquals(4, odd.rounds());
        assertEquals(3, odd.median());
        assertEquals(1, odd.min());
        assertEquals(5, odd.max());
        assertTrue(Double.isNaN(odd.round(2)));
        assertEquals(5, odd.round(0));

        assertEquals(2.5, Spread.of(4, 1, 2, 3).median());
        assertTrue(Double.isNaN(Spread.of().median()));
        assertTrue(Double.isNaN(Spread.of(Double.NaN).min()));
    }

    @Test
    void rangesOverlapWhenTheyShareAPoint() {
        assertTrue(Spread.of(1, 3).overlaps(Spread.of(3, 4)));
        assertTrue(Spread.of(1, 10).overlaps(Spread.of(4, 5)));
        assertFalse(Spread.of(1, 2).overlaps(Spread.of(2.5, 4)));
        assertFalse(Spread.of(2.5, 4).overlaps(Spread.of(1, 2)));
        assertFalse(Spread.of().overlaps(Spread.of(1)));
    }
}
