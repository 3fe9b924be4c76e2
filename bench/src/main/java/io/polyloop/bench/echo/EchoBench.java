package io.polyloop.bench.echo;

import io.polyloop.bench.BenchMode;
import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Rounds;
import io.polyloop.bench.report.Spread;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Table;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The echo benchmark: every server, one after another, each in its own JVM, driven by the same C load generator over
 * loopback: {@value #CONNECTIONS} connections, {@value #DEPTH} messages in flight per connection, 64 B then 4 KiB.
 * The servers run in interleaved rounds (round 1 runs every server once, in a shuffled order, then round 2...), each
 * round in a fresh JVM, and a row gives the median of its rounds: two runs of the same code differ by more than one
 * run's figures do, so a figure needs its spread beside it.
 */
public final class EchoBench {
    public static final int CONNECTIONS = 100;
    public static final int DEPTH = 16;
    public static final int[] SIZES = {64, 4096};

    static final List<String> BACKENDS = List.of("epoll", "io_uring");
    static final List<String> STRATEGIES = List.of("single-threaded", "thread-per-core", "work-stealing");

    public static final Metric THROUGHPUT = Metric.higher("msgs/s", 0);
    public static final Metric P50 = Metric.lower("p50 µs", 0);
    public static final Metric P99 = Metric.lower("p99 µs", 0);
    public static final Metric P999 = Metric.lower("p99.9 µs", 0);
    public static final Metric CPU = Metric.lower("server CPU (cores)", 2);
    public static final Metric EFFICIENCY = Metric.higher("msgs per server CPU-s", 0);
    /** Not a column: the note of each row gives its median. */
    public static final Metric CLIENT_CPU = Metric.lower("client CPU (cores)", 2);
    /** Not columns: the note gives the median warm-up, in how many rounds it hit the cap, the JIT CPU in the window. */
    static final Metric WARMUP = Metric.lower("warm-up s", 1);
    static final Metric WARMUP_CAPPED = Metric.lower("warm-up at the cap", 0);
    static final Metric JIT = Metric.lower("JIT CPU (cores)", 3);

    /**
     * The rows the echo goals of issue #8 compare (see BenchGoals): they run in every round, the goal rounds
     * included, so that each round gives every goal one pair measured close in time.
     */
    public static final String POLYLOOP_EPOLL = "polyloop epoll single-threaded";
    public static final String POLYLOOP_IO_URING = "polyloop io_uring single-threaded";
    public static final String NETTY_EPOLL = "Netty epoll ×1";
    public static final String NETTY_IO_URING = "Netty io_uring ×1";
    public static final List<String> GOAL_SERVERS = List.of(POLYLOOP_EPOLL, POLYLOOP_IO_URING, NETTY_EPOLL,
            NETTY_IO_URING);

    private final BenchMode mode;
    private final LoadGenerator generator;
    private final Path workDir;
    private final int clientCpu;

    /** @param clientCpu the CPU the load generator is pinned to, or -1 for none */
    public EchoBench(BenchMode mode, Path echoload, Path workDir, int clientCpu) {
        this.mode = mode;
        this.generator = new LoadGenerator(echoload, workDir, clientCpu);
        this.workDir = workDir;
        this.clientCpu = clientCpu;
    }

    /** A server to run: its kind (see {@link EchoServerMain}), its loop count and its label in the results. */
    public record Server(String kind, int threads, String label, boolean polyloop) {
    }

    /**
     * @return every server of the matrix, those that cannot run included (they say why when started); in quick mode
     *         only the one-loop servers
     */
    public List<Server> servers() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Server> list = new ArrayList<>();
        for (String b : BACKENDS) {
            for (String s : STRATEGIES) {
                boolean single = s.equals("single-threaded");
                list.add(new Server("polyloop:" + b + ":" + s, single ? 1 : 0,
                        "polyloop " + b + " " + s + (single ? "" : " ×" + cores), true));
            }
        }
        list.add(new Server("netty:epoll", 1, "Netty epoll ×1", false));
        list.add(new Server("netty:io_uring", 1, "Netty io_uring ×1", false));
        list.add(new Server("netty:nio", 1, "Netty NIO ×1", false));
        if (cores > 1) {
            list.add(new Server("netty:epoll", cores, "Netty epoll ×" + cores, false));
        }
        list.add(new Server("jdk-nio", 1, "JDK NIO ×1", false));
        if (!mode.allServers()) {
            list.removeIf(s -> s.threads() != 1);
        }
        return list;
    }

    /** @return one table per message size; see the method text for the rounds */
    public List<Table> run() {
        int total = mode.echoRounds() + mode.goalRounds();
        List<Table> tables = new ArrayList<>();
        for (int size : SIZES) {
            tables.add(new Table("Echo, " + sizeLabel(size) + " messages",
                    String.format(Locale.ROOT, "%d connections × %d pipelined messages of %s. Interleaved rounds, each "
                                    + "server in a fresh JVM per round, in an order shuffled per round (seed %d + "
                                    + "round): %d rounds run every server, and the four goal servers (%s) run %d more "
                                    + "rounds of their own spread among those, so that their rows are the median of "
                                    + "%d rounds, each round one close-in-time pair for every goal; the other rows "
                                    + "are the median of %d. Per server, round and size: load until the server's JIT "
                                    + "compilers are quiet (at most %.0f ms of compiler CPU over the last %.0f s; at "
                                    + "least %.1f s, at most %.1f s; the note gives the median warm-up and the "
                                    + "compiler CPU left inside the window), then fresh connections, %.1f s of load "
                                    + "and %.1f s measured (%.1f s for the goal servers, whose pairs decide the goals: "
                                    + "a longer window makes a pair sharper). Every figure is the median of the row's rounds, min–max "
                                    + "is their range, ×best peer compares medians. C load generator (epoll, 1 "
                                    + "thread%s); latency from the write that carried a message to the read that "
                                    + "completed it; server CPU = its user+system time over the window ÷ the window.%s",
                            CONNECTIONS, DEPTH, sizeLabel(size), io.polyloop.bench.RoundOrder.SEED, mode.echoRounds(),
                            String.join(", ", GOAL_SERVERS), mode.goalRounds(), total, mode.echoRounds(),
                            LoadGenerator.QUIET_COMPILER_SECONDS * 1e3, LoadGenerator.QUIET_SPAN_MILLIS / 1e3,
                            mode.warmMinSeconds(), mode.warmMaxSeconds(), mode.echoWarmup(), mode.echoSeconds(),
                            mode.goalSeconds(),
                            clientCpu < 0 ? ", not pinned to a CPU: in an interleaved A/B on a shared machine a "
                                    + "generator pinned to one CPU gave a wider spread of the rounds, as it cannot "
                                    + "move off a busy CPU"
                                    : ", pinned to CPU " + clientCpu + " (sched_setaffinity)", mode.allServers() ? ""
                                    : " Quick mode: one-loop servers only (scripts/bench.sh full runs every "
                                    + "strategy)."),
                    List.of(THROUGHPUT, P50, P99, P999, CPU, EFFICIENCY)).showSpread(THROUGHPUT, P99));
        }
        List<Server> servers = servers();
        // perRound.get(server).get(size) = that server's row of each round it ran in so far
        List<List<List<Row>>> perRound = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            List<List<Row>> bySize = new ArrayList<>();
            for (int j = 0; j < SIZES.length; j++) {
                bySize.add(new ArrayList<>());
            }
            perRound.add(bySize);
        }
        String[] unavailable = new String[servers.size()];
        for (int round = 0; round < total; round++) {
            boolean full = fullRound(round, mode.echoRounds(), total);
            List<Integer> running = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                if (full || GOAL_SERVERS.contains(servers.get(i).label())) {
                    running.add(i);
                }
            }
            for (int k : io.polyloop.bench.RoundOrder.of(running.size(), round)) {
                int i = running.get(k);
                Server server = servers.get(i);
                Row[] rows;
                if (unavailable[i] != null) { // said so in an earlier round: do not start it again
                    rows = new Row[SIZES.length];
                    java.util.Arrays.fill(rows, Row.notAvailable(server.label(), server.polyloop(), unavailable[i]));
                } else {
                    System.out.println("echo round " + (round + 1) + "/" + total + (full ? "" : " (goal servers)")
                            + ": " + server.label());
                    rows = runServer(server);
                    if (rows.length != SIZES.length) {
                        unavailable[i] = rows[0].unavailable();
                        Row na = rows[0];
                        rows = new Row[SIZES.length];
                        java.util.Arrays.fill(rows, na);
                    }
                }
                for (int j = 0; j < SIZES.length; j++) {
                    perRound.get(i).get(j).add(rows[j]);
                }
            }
        }
        for (int i = 0; i < servers.size(); i++) {
            for (int j = 0; j < SIZES.length; j++) {
                Server server = servers.get(i);
                tables.get(j).add(withNotes(Rounds.merge(server.label(), server.polyloop(),
                        perRound.get(i).get(j))));
            }
        }
        return tables;
    }

    /**
     * @return whether round {@code round} (0-based) of {@code total} runs every server: the {@code fullRounds} such
     *         rounds are spread evenly (with 3 of 12: rounds 0, 4 and 8), so a drift of the machine over the run falls
     *         on the full rounds and the goal rounds alike
     */
    static boolean fullRound(int round, int fullRounds, int total) {
        if (fullRounds < 0 || total < fullRounds || round < 0 || round >= total) {
            throw new IllegalArgumentException("round " + round + " of " + total + " with " + fullRounds
                    + " full rounds; accepted: 0 <= round < total, 0 <= full rounds <= total");
        }
        for (int i = 0; i < fullRounds; i++) {
            if ((long) i * total / fullRounds == round) {
                return true;
            }
        }
        return false;
    }

    private static Row withClientCpu(Row row) {
        double c = row.value(CLIENT_CPU);
        return Double.isNaN(c) ? row : row.note(String.format(Locale.ROOT, "client CPU %.2f cores", c));
    }

    /** The client CPU, and the warm-up's length, cap hits and the JIT CPU left in the window, as the row's note. */
    private static Row withNotes(Row row) {
        withClientCpu(row);
        double w = row.value(WARMUP);
        if (!Double.isNaN(w)) {
            Spread capped = row.spread(WARMUP_CAPPED);
            int hits = 0;
            for (int i = 0; i < capped.rounds(); i++) {
                hits += capped.round(i) > 0 ? 1 : 0;
            }
            row.note(String.format(Locale.ROOT, "warm-up %.1f s%s; JIT %.3f cores in the window", w,
                    hits == 0 ? "" : " (at the cap in " + hits + " of " + capped.count() + " rounds)",
                    row.value(JIT)));
        }
        return row;
    }

    /**
     * The many-connection run: {@code manyConnections} connections, one 64 B message in flight each, against every
     * server in full and record modes, else polyloop's single-threaded servers and Netty epoll.
     */
    public Table many() {
        Table t = new Table(String.format(Locale.ROOT, "Echo, %,d connections", mode.manyConnections()),
                String.format(Locale.ROOT, "%,d connections (open-file limit raised by scripts/bench.sh), 1 message "
                        + "of 64 B in flight on each, 1 s warm-up then %.1f s measured, one run per server (no "
                        + "rounds, to bound the time); same generator and figures as above.",
                mode.manyConnections(), mode.manySeconds()),
                List.of(THROUGHPUT, P50, P99, P999, CPU, EFFICIENCY));
        for (Server server : servers()) {
            boolean wanted = mode.allServers() || server.kind().equals("netty:epoll") && server.threads() == 1
                    || server.kind().startsWith("polyloop:") && server.kind().endsWith(":single-threaded");
            if (!wanted) {
                continue;
            }
            System.out.println("echo many: " + server.label());
            try (ChildProcess child = EchoServers.start(server.kind(), server.threads(), workDir)) {
                String ready = child.await(60_000, "READY", "UNAVAILABLE");
                if (ready.startsWith("UNAVAILABLE")) {
                    t.add(Row.notAvailable(server.label(), server.polyloop(), ready.substring(12)));
                    continue;
                }
                int port = Integer.parseInt(ready.split(" ")[1]);
                t.add(withClientCpu(measure(server, child, port, mode.manyConnections(), 64, 1, 1,
                        mode.manySeconds())));
            } catch (IOException | RuntimeException e) {
                t.add(Row.notAvailable(server.label(), server.polyloop(), "run failed: " + e));
            }
        }
        return t;
    }

    /**
     * Runs one server in a fresh JVM for every message size.
     *
     * @return a row per size, or a single not-available row if the server cannot run here (it said UNAVAILABLE)
     */
    private Row[] runServer(Server server) {
        Row[] rows = new Row[SIZES.length];
        try (ChildProcess child = EchoServers.start(server.kind(), server.threads(), workDir)) {
            String ready = child.await(60_000, "READY", "UNAVAILABLE");
            if (ready.startsWith("UNAVAILABLE")) {
                return new Row[] {Row.notAvailable(server.label(), server.polyloop(),
                        ready.substring("UNAVAILABLE ".length()))};
            }
            int port = Integer.parseInt(ready.split(" ")[1]);
            for (int i = 0; i < SIZES.length; i++) {
                LoadGenerator.Warmup w = generator.warm(child, port, CONNECTIONS, SIZES[i], DEPTH,
                        mode.warmMinSeconds(), mode.warmMaxSeconds());
                rows[i] = measure(server, child, port, CONNECTIONS, SIZES[i], DEPTH, mode.echoWarmup(),
                        GOAL_SERVERS.contains(server.label()) ? mode.goalSeconds() : mode.echoSeconds());
                if (rows[i].unavailable() == null) {
                    rows[i].put(WARMUP, w.seconds()).put(WARMUP_CAPPED, w.quiet() ? 0 : 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] == null) {
                    rows[i] = Row.notAvailable(server.label(), server.polyloop(), "run failed: " + e);
                }
            }
        }
        return rows;
    }

    private Row measure(Server server, ChildProcess child, int port, int connections, int size, int depth,
                        double warmup, double seconds) {
        try {
            LoadGenerator.Outcome o = generator.run(child, port, connections, size, depth, warmup, seconds);
            Histogram h = o.latencyNanos();
            double secs = Double.parseDouble(o.result().get("secs"));
            double rate = o.messagesPerSecond();
            Row row = Row.of(server.label(), server.polyloop())
                    .put(THROUGHPUT, rate)
                    .put(P50, h.getValueAtPercentile(50) / 1e3)
                    .put(P99, h.getValueAtPercentile(99) / 1e3)
                    .put(P999, h.getValueAtPercentile(99.9) / 1e3)
                    .put(CPU, o.serverCpuSeconds() / secs)
                    .put(EFFICIENCY, o.serverCpuSeconds() > 0 ? rate * secs / o.serverCpuSeconds() : Double.NaN)
                    .put(JIT, o.compilerCpuSeconds() / secs);
            if (o.get("mismatches") > 0 || o.get("io_errors") > 0) {
                row.note("INVALID: " + o.get("mismatches") + " messages out of order or corrupt, " + o.get("io_errors")
                        + " connections broken");
            }
            if (o.get("failed") > 0) {
                row.note("only " + o.get("connected") + " of " + connections + " connections were made within "
                        + "echoload's connect bound (20 s + 4 ms per connection)");
            }
            if (o.get("never_answered") > 0) {
                row.note(o.get("never_answered") + " connections never answered");
            }
            if (o.get("unanswered") > 0) {
                row.note(o.get("unanswered") + " messages still unanswered 1 s after the window");
            }
            if (o.get("samples_dropped") > 0) {
                row.note(o.get("samples_dropped") + " latency samples over the cap not recorded");
            }
            return row.put(CLIENT_CPU, Double.parseDouble(o.result().get("client_cpu")) / secs);
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable(server.label(), server.polyloop(), "run failed: " + e);
        }
    }

    static String sizeLabel(int size) {
        return size >= 1024 ? size / 1024 + " KiB" : size + " B";
    }
}
