package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundsTest {
    static final Metric RATE = Metric.higher("msgs/s", 0);
    static final Metric P99 = Metric.lower("p99 µs", 0);

    @Test
    void mergedRowKeepsEveryRoundsFigureInRoundOrderAndItsValueIsTheMedian() {
        Row merged = Rounds.merge("s", true, List.of(
                Row.of("s", true).put(RATE, 300).put(P99, 9).note("a"),
                Row.of("s", true).put(RATE, 100).put(P99, 7).note("a"),
                Row.of("s", true).put(RATE, 200).put(P99, 8).note("b")));
        assertNull(merged.unavailable());
        assertEquals(200, merged.value(RATE));
        assertEquals(8, merged.value(P99));
        assertEquals(300, merged.spread(RATE).round(0));
        assertEquals(100, merged.spread(RATE).round(1));
        assertEquals("a; b", merged.note());
    }

    @Test
    void aFailedRoundIsAHoleAndSaysSoWhileEveryRoundFailedIsNotAvailable() {
        Row merged = Rounds.merge("s", false, List.of(Row.of("s", false).put(RATE, 1),
                Row.notAvailable("s", false, "boom"), Row.of("s", false).put(RATE, 3)));
        assertEquals(2, merged.spread(RATE).count());
        assertTrue(Double.isNaN(merged.spread(RATE).round(1)));
        assertEquals(2, merged.value(RATE));
        assertTrue(merged.note().contains("1 of 3 rounds failed (round 2: boom)"), merged.note());

        Row none = Rounds.merge("s", false, List.of(Row.notAvailable("s", false, "no io_uring"),
                Row.notAvailable("s", false, "no io_uring")));
        assertEquals("no io_uring", none.unavailable());
    }
}
