package io.polyloop.bench;

import io.polyloop.bench.echo.EchoBench;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Spread;
import io.polyloop.bench.report.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchGoalsTest {
    static final double[] BASE = {100, 104, 97, 101, 80, 78, 82, 79, 99, 103, 96, 100};

    static Row row(String subject, boolean polyloop, double factor, int rounds) {
        double[] v = new double[rounds];
        double[] p99 = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            v[i] = BASE[i] * factor;
            p99[i] = 1000 / factor;
        }
        return Row.of(subject, polyloop).putRounds(EchoBench.THROUGHPUT, Spread.of(v))
                .putRounds(EchoBench.P99, Spread.of(p99));
    }

    static Table table() {
        return new Table("Echo", "", List.of(EchoBench.THROUGHPUT, EchoBench.P99))
                .add(row(EchoBench.POLYLOOP_EPOLL, true, 0.97, 12))
                .add(row(EchoBench.POLYLOOP_IO_URING, true, 1.03, 12))
                // a better median, but not a goal server (3 rounds, nothing to pair with): never picked
                .add(row("polyloop io_uring thread-per-core ×2", true, 1.5, 3))
                .add(row(EchoBench.NETTY_EPOLL, false, 1.0, 12))
                .add(row(EchoBench.NETTY_IO_URING, false, 0.99, 12))
                .add(row("Netty epoll ×2", false, 2.0, 3));
    }

    @Test
    void echoGoalsPairTheGoalRowsAndAreDecidedByTheSignTest() {
        String md = BenchGoals.of(List.of(table(), table()), List.of()).markdown();
        // best of each side among the goal rows: polyloop io_uring (1.03x) vs Netty epoll (1.00x), 12 of 12 pairs
        assertTrue(md.contains("| echo 64 B msgs/s: polyloop's best vs Netty's best transport, one loop each (ahead) | "
                + "polyloop io_uring single-threaded | Netty epoll ×1 |"), md);
        assertTrue(md.contains("ahead: better in 12, worse in 0 of 12 pairs (needs 10; sign test p < 0.001), median "
                + "paired ratio 1.03×"), md);
        // epoll 0.97x in every pair: behind by the sign test, but no more than 5 % behind in 12 of 12 pairs: level
        assertTrue(md.contains("| echo 64 B msgs/s: polyloop epoll vs Netty epoll, one loop each (at least level: "
                + "no more than 5 % behind, by the sign test) | polyloop epoll single-threaded | Netty epoll ×1 |"), md);
        assertTrue(md.contains("behind: better in 0, worse in 12 of 12 pairs (needs 10; sign test p < 0.001, for "
                + "polyloop worse), median paired ratio 0.97×; within 5 % or better in 12 of 12 pairs (needs 10; sign "
                + "test p < 0.001) | no clear difference: 0.97×, spreads overlap, better in 0 of 12 rounds | met |"), md);
        assertTrue(!md.contains("thread-per-core") && !md.contains("Netty epoll ×2"), md);
        assertTrue(!md.contains("load generator"), md); // no client CPU in these rows: no caveat
    }

    @Test
    void aGeneratorAtItsCapIsSaidBesideTheThroughputGoals() {
        Row ours = row(EchoBench.POLYLOOP_IO_URING, true, 1.0, 12).put(EchoBench.CLIENT_CPU, 0.98);
        Row theirs = row(EchoBench.NETTY_IO_URING, false, 1.0, 12).put(EchoBench.CLIENT_CPU, 0.93);
        String cap = BenchGoals.generatorCap(ours, theirs);
        assertTrue(cap != null && cap.contains("used 0.98 cores against polyloop's row and 0.93 against the peer's"),
                cap);
        assertTrue(BenchGoals.generatorCap(ours.put(EchoBench.CLIENT_CPU, 0.90), theirs) == null);
        String md = BenchGoals.of(List.of(new Table("Echo", "", List.of(EchoBench.THROUGHPUT, EchoBench.P99))
                .add(row(EchoBench.POLYLOOP_IO_URING, true, 1.0, 12).put(EchoBench.CLIENT_CPU, 0.97))
                .add(row(EchoBench.NETTY_IO_URING, false, 1.0, 12).put(EchoBench.CLIENT_CPU, 0.96))), List.of())
                .markdown();
        assertTrue(md.contains("at its cap, a server needing less CPU per message"), md);
    }
}
