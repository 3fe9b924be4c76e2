package io.polyloop.bench;

import io.polyloop.bench.echo.EchoBench;
import io.polyloop.bench.redis.RedisBench;
import io.polyloop.bench.redis.RedisServerBench;
import io.polyloop.bench.report.Goals;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Table;

import java.util.List;
import java.util.function.Predicate;

/**
 * The goals of issue #8 ("then make it fast"), each stated as two rows of a run's tables and what polyloop's row should
 * be against the other. The rows are picked by a rule (the best polyloop row, the best Netty transport), never by
 * hand, and {@link Goals} computes the verdicts.
 */
final class BenchGoals {
    static final String INTRO = "Each goal of issue #8, judged from the tables below: the median of polyloop's row ÷ "
            + "the median of the peer's row, whether their ranges over the rounds (min–max) overlap, and in how many "
            + "rounds polyloop's figure was the better one (both ran in every round, interleaved). \"ahead\" / "
            + "\"behind\" only when the ranges do not overlap, \"no clear difference\" when they do, \"undecided\" with "
            + "fewer than 3 rounds. \"At least level\" needs, besides overlapping ranges, a median ratio of 0.95 or "
            + "better. \"Best\" rows are the best median of their side in that table (polyloop's side has more "
            + "rows to pick from, which favours it slightly). For p99 a ratio below 1.00 is better. Computed by "
            + "io.polyloop.bench.BenchGoals from the figures of this run, not written by hand.";

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
        for (int i = 0; i < echo.size(); i++) {
            Table t = echo.get(i);
            String size = i == 0 ? "64 B" : "4 KiB";
            for (Metric m : List.of(EchoBench.THROUGHPUT, EchoBench.P99)) {
                g.add("echo " + size + " " + m.name() + ": polyloop's best row vs Netty's best transport",
                        Goals.Expect.AHEAD, t.best(m, polyloop), t.best(m, netty), m);
            }
        }
        for (int i = 0; i < echo.size(); i++) {
            Table t = echo.get(i);
            g.add("echo " + (i == 0 ? "64 B" : "4 KiB") + " msgs/s: polyloop epoll vs Netty epoll, one loop each",
                    Goals.Expect.AT_LEAST_LEVEL, t.row("polyloop epoll single-threaded"), t.row("Netty epoll ×1"),
                    EchoBench.THROUGHPUT);
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

    private static Row first(Table t, String prefix) {
        for (Row r : t.rows()) {
            if (r.subject().startsWith(prefix)) {
                return r;
            }
        }
        return null;
    }
}
