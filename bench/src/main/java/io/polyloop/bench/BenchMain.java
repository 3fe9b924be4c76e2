package io.polyloop.bench;

import io.polyloop.bench.echo.EchoBench;
import io.polyloop.bench.memory.MemoryBench;
import io.polyloop.bench.redis.RedisBench;
import io.polyloop.bench.sched.SchedulerBench;
import io.polyloop.bench.report.Charts;
import io.polyloop.bench.report.Machine;
import io.polyloop.bench.report.Report;
import io.polyloop.bench.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmarks and writes {@code <out>/<date>-<mode>.md} with its PNG charts. Started by scripts/bench.sh:
 *
 * <pre>
 * BenchMain quick|full|record --echoload PATH --out DIR [--only echo,redis,scheduler,memory] [--pin-client CPU|none]
 *           [--note TEXT]...
 * </pre>
 */
public final class BenchMain {
    static final List<String> SECTIONS = List.of("echo", "redis", "scheduler", "memory");
    /** Where the echo load generator runs unless --pin-client says otherwise (see README, Benchmarks). */
    static final int DEFAULT_CLIENT_CPU = -1;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage("no mode");
        }
        BenchMode mode = BenchMode.parse(args[0]);
        Path echoload = null;
        Path out = Path.of("bench/results");
        List<String> only = SECTIONS;
        List<String> notes = new ArrayList<>();
        int clientCpu = DEFAULT_CLIENT_CPU;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--echoload": echoload = Path.of(require(value, args[i])); i++; break;
                case "--out": out = Path.of(require(value, args[i])); i++; break;
                case "--only": only = Arrays.asList(require(value, args[i]).split(",")); i++; break;
                case "--note": notes.add(require(value, args[i])); i++; break;
                case "--pin-client": clientCpu = cpu(require(value, args[i])); i++; break;
                default: usage("unknown argument " + args[i]);
            }
        }
        for (String s : only) {
            if (!SECTIONS.contains(s)) {
                usage("unknown section " + s + "; accepted: " + String.join(",", SECTIONS));
            }
        }
        run(mode, echoload, out, only, notes, clientCpu);
    }

    /** @return the CPU {@code --pin-client} names, -1 for "none" */
    static int cpu(String value) {
        if (value.equals("none")) {
            return -1;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            int c = Integer.parseInt(value);
            if (c >= 0 && c < cores) {
                return c;
            }
        } catch (NumberFormatException e) {
            // below
        }
        usage("--pin-client " + value + "; accepted: none or a CPU number 0.." + (cores - 1));
        return -1;
    }

    private static void run(BenchMode mode, Path echoload, Path out, List<String> only, List<String> notes,
                            int clientCpu) throws Exception {
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("polyloop-bench-");
        String stem = LocalDate.now() + "-" + mode.name();
        Report report = new Report("polyloop benchmarks, " + mode.name() + " mode, "
                + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        report.note("Reproduce: `scripts/bench.sh " + mode.name() + "` (writes this file and its charts). Logs of "
                + "every child process of this run: " + work + ".");
        notes.forEach(report::note);
        String loadAtStart = Machine.loadAverage();
        long t0 = System.nanoTime();

        if ((only.contains("echo") || only.contains("memory")) && echoload == null) {
            usage("--echoload is required for the echo and memory sections");
        }
        List<String> took = new ArrayList<>();
        long ts = System.nanoTime();
        List<Table> echo = List.of();
        List<Table> redis = List.of();
        if (only.contains("echo")) {
            List<Table> echoTables = new EchoBench(mode, echoload, work, clientCpu).run();
            echo = echoTables;
            report.section("Echo", echoTables);
            chart(report, () -> Charts.bars(out.resolve(stem + "-echo-throughput.png"), "Echo throughput ("
                    + EchoBench.CONNECTIONS + " connections, " + EchoBench.DEPTH + " in flight each; median of "
                    + "the rounds)", "messages/s",
                    echoTables, List.of(EchoBench.THROUGHPUT), false, (t, m) -> t.title()));
            chart(report, () -> Charts.bars(out.resolve(stem + "-echo-latency.png"),
                    "Echo latency (log scale; median of the rounds)", "µs", echoTables,
                    List.of(EchoBench.P50, EchoBench.P99, EchoBench.P999), true,
                    (t, m) -> t.title().replace("Echo, ", "").replace(" messages", "") + " " + m.name()));
            took.add(String.format(java.util.Locale.ROOT, "%s %.0f s", "echo", (System.nanoTime() - ts) / 1e9));
            ts = System.nanoTime();
        }
        if (only.contains("memory")) {
            EchoBench servers = new EchoBench(mode, echoload, work, clientCpu);
            List<Table> memory = new ArrayList<>(new MemoryBench(mode, echoload, work).run(servers.servers()));
            memory.add(servers.many());
            report.section("Memory and many connections", memory);
            took.add(String.format(java.util.Locale.ROOT, "%s %.0f s", "memory", (System.nanoTime() - ts) / 1e9));
            ts = System.nanoTime();
        }
        if (only.contains("redis")) {
            List<Table> redisTables = new RedisBench(mode, work).run();
            redis = redisTables;
            report.section("Redis", redisTables);
            chart(report, () -> Charts.bars(out.resolve(stem + "-redis-clients.png"), "Redis clients, "
                    + RedisBench.IN_FLIGHT + " in flight; median of " + mode.redisRounds() + " rounds", "operations/s",
                    redisTables.subList(0, 2),
                    List.of(RedisBench.OPS), false, (t, m) -> t.title().replace("Redis clients, ", "")));
            took.add(String.format(java.util.Locale.ROOT, "%s %.0f s", "redis", (System.nanoTime() - ts) / 1e9));
            ts = System.nanoTime();
        }
        if (!echo.isEmpty() || !redis.isEmpty()) {
            report.goals(mode.record() ? BenchGoals.INTRO : BenchGoals.INTRO + " **This run is in " + mode.name()
                    + " mode**: its goal servers ran " + (mode.echoRounds() + mode.goalRounds()) + " paired rounds of "
                    + mode.goalSeconds() + " s, fewer and shorter than the record's 12 of 5 s, so a verdict here is "
                    + "weaker evidence; the goals are judged on a record run (`scripts/bench.sh record`).",
                    BenchGoals.of(echo, redis));
        }
        if (only.contains("scheduler")) {
            System.out.println("scheduler: JMH");
            List<Table> sched = new SchedulerBench(mode, work).run();
            report.section("Scheduler", sched);
            took.add(String.format(java.util.Locale.ROOT, "%s %.0f s", "scheduler", (System.nanoTime() - ts) / 1e9));
            ts = System.nanoTime();
        }
        report.note(String.format(java.util.Locale.ROOT, "This run took %.0f s (" + String.join(", ", took)
                + "). Load average (1, 5, 15 min) at its "
                + "start: %s; at its end: %s (on an idle machine it stays well under 1; above the core count, other "
                + "processes competed for the CPU and the figures are noisy).", (System.nanoTime() - t0) / 1e9,
                loadAtStart, Machine.loadAverage()));
        Path file = out.resolve(stem + ".md");
        report.write(file, Machine.describe());
        System.out.println("bench: wrote " + file);
    }


    /** Draws a chart; a chart that fails is reported in the results instead of losing the run. */
    private static void chart(Report report, java.util.concurrent.Callable<Path> draw) {
        try {
            report.chart(draw.call());
        } catch (Exception e) {
            report.note("a chart could not be drawn: " + e);
            e.printStackTrace();
        }
    }

    private static String require(String value, String flag) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String why) {
        System.err.println("bench: " + why + "\nusage: BenchMain quick|full --echoload PATH --out DIR"
                + " [--only echo,redis,scheduler,memory] [--pin-client CPU|none] [--note TEXT]...");
        System.exit(2);
    }
}
