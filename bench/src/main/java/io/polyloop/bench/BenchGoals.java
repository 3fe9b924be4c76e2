package io.polyloop.bench;

import io.polyloop.bench.echo.EchoBench;
import io.polyloop.bench.redis.RedisBench;
import io.polyloop.bench.redis.RedisServerBench;
import io.polyloop.bench.report.Goals;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Table;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The goals of issue #8 ("then make it fast"), each stated as two rows of a run's tables and what polyloop's row should
 * be against the other. The rows are picked by a rule (the better of polyloop's two goal rows, the better of Netty's),
 * never by hand, and {@link Goals} computes the verdicts: the echo goals by the paired-rounds rule
 * ({@link io.polyloop.bench.report.PairedVerdict}), the Redis goals by the ranges.
 */
final class BenchGoals {
    static final String INTRO = "Each goal of issue #8, computed by io.polyloop.bench.BenchGoals from the figures of "
            + "this run, not written by hand. **The echo goals are judged by a rule fixed before the record run, on "
            + "paired rounds.** The four goal servers (polyloop epoll and io_uring single-threaded, Netty epoll and "
            + "io_uring ×1) run in every round of the echo section, in a shuffled order, each in a fresh JVM, so round i "
            + "of polyloop's row and round i of the peer's form a pair measured close in time. Per pair, the ratio by "
            + "which polyloop did better: polyloop ÷ peer for msgs/s, peer ÷ polyloop for p99 (so above 1 is better "
            + "for polyloop on every line; a tie counts for neither side). **Ahead**: polyloop better in at least k of "
            + "the n pairs, k the least count with a one-sided binomial P(X ≥ k | n, ½) ≤ 0.05 (n = 12: 10; n = 14: "
            + "11; n = 16: 12), and a median paired ratio above 1. **Behind**: the mirror image. **At least level** "
            + "(no more than 5 % behind, a non-inferiority test with a 5 % margin): a paired ratio of 0.95 or more in "
            + "at least k of the n pairs, and a median paired ratio of 0.95 or more; so a server steadily 3 % behind is "
            + "level, and one whose pairs swing from 0.90 to 1.02 is not shown to be. (Changed from \"not behind and a "
            + "median of 0.95 or more\" before any record run with paired rounds, because that counted a steady 0.97× as "
            + "not level.) Otherwise \"no clear difference\"; with fewer "
            + "than 6 pairs \"undecided\". Why: on this 2-vCPU machine two runs of the same server differ by 10–15 %, "
            + "while the kernel is most of both servers' CPU, so a real difference between two tuned servers is a few "
            + "percent; whether the rounds' ranges overlap then tests the noise, not the difference. The sign test "
            + "uses only which side won each pair, so it needs no assumption about the noise's distribution and one "
            + "wild round moves it by one pair, and pairing cancels the host's slow periods, which hit both sides of a "
            + "pair. p is the one-sided sign-test p-value for the side that won more pairs. Polyloop's best is the "
            + "goal row of its side with the better median over the rounds, and so is Netty's best transport "
            + "(a row chosen as the better of two by the same figures the test then uses is flattered a little; each "
            + "side chooses from two rows, so neither side is favoured over the other). The ranges column keeps the "
            + "earlier rule for comparison: \"ahead\" / \"behind\" only when the min–max ranges of the rounds do not "
            + "overlap, its ratio is polyloop's median ÷ the peer's (for p99 below 1.00 is better). The Redis goals "
            + "(3 rounds, far apart) are decided by the ranges: \"at least level\" there needs overlapping or better "
            + "ranges and a median ratio of 0.95 or better.";

    private BenchGoals() {
    }

    /**
     * @param echo  the echo tables (64 B, 4 KiB), or empty if the echo section did not run
     * @param redis the Redis client tables (GET, SET) and the server table, or empty
     */
    static Goals of(List<Table> echo, List<Table> redis) {
        Goals g = new Goals();
        Predicate<Row> polyloop = Row::polyloop;
        Predicate<Row> netty = r -> !r.polyloop() && r.subject().startsWith("Netty");
        Predicate<Row> goal = r -> EchoBench.GOAL_SERVERS.contains(r.subject());
        for (int i = 0; i < echo.size(); i++) {
            Table t = echo.get(i);
            String size = i == 0 ? "64 B" : "4 KiB";
            for (Metric m : List.of(EchoBench.THROUGHPUT, EchoBench.P99)) {
                Row ours = t.best(m, goal.and(polyloop));
                Row theirs = t.best(m, goal.and(netty));
                g.addPaired("echo " + size + " " + m.name() + ": polyloop's best vs Netty's best transport, one loop "
                        + "each", Goals.Expect.AHEAD, ours, theirs, m);
                if (m == EchoBench.THROUGHPUT) {
                    g.caveat(generatorCap(ours, theirs));
                }
            }
        }
        for (int i = 0; i < echo.size(); i++) {
            Table t = echo.get(i);
            Row ours = t.row(EchoBench.POLYLOOP_EPOLL);
            Row theirs = t.row(EchoBench.NETTY_EPOLL);
            g.addPaired("echo " + (i == 0 ? "64 B" : "4 KiB") + " msgs/s: polyloop epoll vs Netty epoll, one loop each",
                    Goals.Expect.AT_LEAST_LEVEL, ours, theirs, EchoBench.THROUGHPUT).caveat(generatorCap(ours, theirs));
        }
        if (redis.size() >= 2) {
            for (Table t : redis.subList(0, 2)) {
                String op = t.title().contains("SET") ? "SET" : "GET";
                Row client = t.best(RedisBench.OPS, Row::polyloop);
                g.add("Redis " + op + " ops/s: polyloop's client vs Lettuce", Goals.Expect.AT_LEAST_LEVEL, client,
                        first(t, "Lettuce"), RedisBench.OPS);
                g.add("Redis " + op + " ops/s: polyloop's client vs a Jedis pool", Goals.Expect.FAR_AHEAD, client,
                        first(t, "Jedis"), RedisBench.OPS);
            }
        }
        if (redis.size() >= 3) {
            Table t = redis.get(2);
            for (Metric m : List.of(RedisServerBench.SET, RedisServerBench.GET)) {
                g.add("mini-redis " + m.name() + " vs redis-server", Goals.Expect.WITHIN_REACH,
                        t.best(m, Row::polyloop), first(t, "redis-server"), m);
            }
        }
        return g;
    }

    /**
     * The load generator is one C thread doing per message the same kernel work as the server (one recv and one send
     * per batch, and on loopback a send runs the receiver's TCP path), so on 2 cores it can be the bottleneck itself:
     * then servers that need less CPU per message than it cannot show it in msgs/s.
     *
     * @return a caveat when the generator's median CPU against either row was at least {@value #GENERATOR_CAP} cores,
     *         else null
     */
    static String generatorCap(Row ours, Row theirs) {
        if (ours == null || theirs == null) {
            return null;
        }
        double a = ours.value(EchoBench.CLIENT_CPU);
        double b = theirs.value(EchoBench.CLIENT_CPU);
        if (!(a >= GENERATOR_CAP || b >= GENERATOR_CAP)) { // NaN: not measured, no caveat
            return null;
        }
        return String.format(Locale.ROOT, "The load generator (one thread) used %.2f cores against polyloop's row and "
                + "%.2f against the peer's (medians): at its cap, a server needing less CPU per message than the "
                + "generator cannot show it in msgs/s (see msgs per server CPU-s)", a, b);
    }

    /** Load generator CPU (cores, median) from which it counts as the bottleneck of a run. */
    static final double GENERATOR_CAP = 0.95;

    private static Row first(Table t, String prefix) {
        for (Row r : t.rows()) {
            if (r.subject().startsWith(prefix)) {
                return r;
            }
        }
        return null;
    }
}
