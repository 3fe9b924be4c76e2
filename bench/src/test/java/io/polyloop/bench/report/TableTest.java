package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.polyloop.bench.report.VerdictTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableTest {
    static final Metric RATE = Metric.higher("msgs/s", 0);
    static final Metric P99 = Metric.lower("p99 µs", 0);

    @Test
    void ratiosCompareMediansAndTheRangeColumnShowsTheRounds() {
        Row p = row("polyloop a", true, RATE, 2_000_000, 3_000_000, 2_500_000).putRounds(P99, Spread.of(900, 1100,
                1000));
        Row n = row("Netty b", false, RATE, 1_000_000, 2_000_000, 3_000_000).putRounds(P99, Spread.of(800, 900, 850));
        Row slow = row("JDK", false, RATE, 100, 200, 300).putRounds(P99, Spread.of(5000, 5000, 5000));
        Table t = new Table("T", "how", List.of(RATE, P99)).showSpread(RATE).add(p).add(n).add(slow)
                .add(Row.notAvailable("gone", false, "no io_uring"));
        assertEquals(2_000_000, t.bestPeer(RATE));
        assertEquals(850, t.bestPeer(P99));
        assertSame(p, t.best(RATE, Row::polyloop));
        assertSame(n, t.row("Netty b"));
        String md = t.markdown();
        assertTrue(md.contains("| subject | msgs/s ↑ | min–max | ×best peer | p99 µs ↓ | ×best peer | note |"), md);
        assertTrue(md.contains("| **polyloop a** | 2,500,000 | 2.00–3.00 M | 1.25 | 1,000 | 1.18 |"), md);
        assertTrue(md.contains("| JDK | 200 | 100–300 | 0.00 |"), md);
        // an unavailable row has as many cells as the header
        String gone = md.lines().filter(l -> l.startsWith("| gone")).findFirst().orElseThrow();
        String header = md.lines().filter(l -> l.startsWith("| subject")).findFirst().orElseThrow();
        assertEquals(header.chars().filter(c -> c == '|').count(), gone.chars().filter(c -> c == '|').count());
        assertThrows(IllegalArgumentException.class, () -> t.showSpread(Metric.higher("other", 0)));
    }

    @Test
    void compactRanges() {
        assertEquals("344–834 k", Table.range(344_078, 833_819, 0));
        assertEquals("1.98–2.92 M", Table.range(1_980_000, 2_920_795, 0));
        assertEquals("1,058–1,430", Table.range(1058, 1430, 0));
        assertEquals("0.95–1.04", Table.range(0.95, 1.04, 2));
    }
}
