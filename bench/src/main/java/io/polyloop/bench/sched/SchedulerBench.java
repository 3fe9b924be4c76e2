package io.polyloop.bench.sched;

import io.polyloop.bench.BenchMode;
import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Spread;
import io.polyloop.bench.report.Table;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Runs the JMH scheduler benchmarks ({@link PostBench}, {@link SpawnBench}, {@link TimerBench}) and tabulates them. */
public final class SchedulerBench {
    public static final Metric POSTS = Metric.higher("tasks/s", 0);
    public static final Metric SPAWN = Metric.lower("ns per spawn", 0);
    public static final Metric TIMER = Metric.lower("ns per timer", 0);

    private final BenchMode mode;
    private final Path log;

    public SchedulerBench(BenchMode mode, Path workDir) {
        this.mode = mode;
        this.log = workDir.resolve("jmh.log");
    }

    public List<Table> run() {
        String how = String.format(Locale.ROOT, "JMH 1.37, %d fork(s), %d warm-up and %d measured iterations of %d ms; "
                        + "the figure is the median of the forks' scores, min–max their range, and the note gives "
                        + "JMH's mean over every iteration ± its 99.9%% error. Each executor has one worker thread: "
                        + "polyloop single-threaded runtime (default backend), ForkJoinPool(1), one Netty 4.2 event "
                        + "loop (epoll).", mode.jmhForks(), mode.jmhIterations(), mode.jmhIterations(),
                mode.jmhIterationMillis());
        Spread before = coreToCore();
        Table post = new Table("Cross-thread post", "A foreign thread posts " + PostBench.BATCH + " tasks, then "
                + "waits until the last has run. " + how, List.of(POSTS)).showSpread(POSTS);
        Table spawn = new Table("Spawn", "A foreign thread spawns " + SpawnBench.BATCH + " value-producing tasks, "
                + "then waits for every result. " + how, List.of(SPAWN)).showSpread(SPAWN);
        Table timers = new Table("Timers: schedule + cancel", String.format(Locale.ROOT, "%,d timers 10 s out "
                + "scheduled, then all cancelled; cost per timer. polyloop and Netty's event loop on their loop "
                + "thread; HashedWheelTimer and ScheduledThreadPoolExecutor (remove-on-cancel) from the caller. polyloop's "
                + "blocked-loop watchdog is off here (blockedThresholdMillis=0): the one task that schedules and "
                + "cancels them all is a long turn by design, and the watchdog would log a warning with a stack at "
                + "every invocation. ",
                mode.timers()) + how, List.of(TIMER)).showSpread(TIMER);
        List<Table> tables = List.of(post, spawn, timers);
        Options opts = new OptionsBuilder()
                .include("io\\.polyloop\\.bench\\.sched\\.(PostBench|SpawnBench|TimerBench)\\.")
                .forks(mode.jmhForks())
                .warmupIterations(mode.jmhIterations())
                .measurementIterations(mode.jmhIterations())
                .warmupTime(TimeValue.milliseconds(mode.jmhIterationMillis()))
                .measurementTime(TimeValue.milliseconds(mode.jmhIterationMillis()))
                .jvmArgs(Stream.concat(ChildProcess.nativeAccess().stream(), Stream.of("-Xms2g", "-Xmx2g",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")).toArray(String[]::new))
                .param("timers", Integer.toString(mode.timers()))
                .output(log.toString())
                .shouldFailOnError(false)
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(opts).run();
        } catch (RunnerException | RuntimeException e) {
            for (Table t : tables) {
                t.add(Row.notAvailable("every executor", false, "JMH failed: " + e));
            }
            return tables;
        }
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String subject = bench.contains("TimerBench") ? r.getParams().getParam("timer")
                    : r.getParams().getParam("executor");
            Table t = bench.contains("PostBench") ? post : bench.contains("SpawnBench") ? spawn : timers;
            Metric m = t.metrics().get(0);
            double scale = t == timers ? mode.timers() : 1; // ns per invocation → ns per timer
            double score = r.getPrimaryResult().getScore() / scale;
            double err = r.getPrimaryResult().getScoreError() / scale;
            double[] forks = r.getBenchmarkResults().stream()
                    .mapToDouble(b -> b.getPrimaryResult().getScore() / scale).toArray();
            t.add(Row.of(subject, subject.equals(Executors3.POLYLOOP)).putRounds(m, Spread.of(forks))
                    .note(String.format(Locale.ROOT, "JMH %,.0f", score)
                            + (Double.isNaN(err) ? "" : String.format(Locale.ROOT, " ± %,.0f", err))));
        }
        Spread after = coreToCore();
        post.appendMethod(String.format(Locale.ROOT, " A cross-thread hand-off costs at least a cache line's trip "
                + "between the two CPUs, which on a virtual machine depends on where the host runs them at the time: "
                + "two threads bouncing a counter (bench CoreToCore, 5 × 0.2 s) took %s ns per round trip before the "
                + "JMH run and %s ns after it (median, min–max).", describe(before), describe(after)));
        // A benchmark that failed (an exception, an OutOfMemoryError in its fork) has no result: say so.
        addMissing(post, List.of(Executors3.POLYLOOP, Executors3.FORK_JOIN, Executors3.NETTY));
        addMissing(spawn, List.of(Executors3.POLYLOOP, Executors3.FORK_JOIN, Executors3.NETTY));
        addMissing(timers, List.of(Executors3.POLYLOOP, TimerBench.HASHED_WHEEL, TimerBench.STPE, Executors3.NETTY));
        return tables;
    }

    private static Spread coreToCore() {
        try {
            return CoreToCore.roundTripNanos(5, 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Spread.of();
        }
    }

    private static String describe(Spread s) {
        return s.count() == 0 ? "–" : String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", s.median(), s.min(), s.max());
    }

    private void addMissing(Table t, List<String> subjects) {
        for (String s : subjects) {
            if (t.rows().stream().noneMatch(r -> r.subject().equals(s))) {
                t.add(Row.notAvailable(s, s.equals(Executors3.POLYLOOP), "the JMH run failed; its output: " + log));
            }
        }
    }
}
