package io.polyloop.bench.echo;

import io.polyloop.bench.BenchMode;
import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.report.Metric;
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

    private final BenchMode mode;
    private final LoadGenerator generator;
    private final Path workDir;

    public EchoBench(BenchMode mode, Path echoload, Path workDir) {
        this.mode = mode;
        this.generator = new LoadGenerator(echoload, workDir);
        this.workDir = workDir;
    }

    /** A server to run: its kind (see {@link EchoServerMain}), its loop count and its label in the results. */
    public record Server(String kind, int threads, String label, boolean polyloop) {
    }

    /** @return every server of the matrix, those that cannot run included (they say why when started) */
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
        if (mode.manyAllServers() && cores > 1) {
            list.add(new Server("netty:epoll", cores, "Netty epoll ×" + cores, false));
        }
        list.add(new Server("jdk-nio", 1, "JDK NIO ×1", false));
        return list;
    }

    /** @return one table per message size */
    public List<Table> run() {
        List<Table> tables = new ArrayList<>();
        for (int size : SIZES) {
            tables.add(new Table("Echo, " + sizeLabel(size) + " messages",
                    String.format(Locale.ROOT, "%d connections × %d pipelined messages of %s, %.1f s warm-up then "
                                    + "%.1f s measured per server; C load generator (epoll, 1 thread); latency from the "
                                    + "write that carried a message to the read that completed it; server CPU = its "
                                    + "user+system time over the window ÷ the window.", CONNECTIONS, DEPTH,
                            sizeLabel(size), mode.echoWarmup(), mode.echoSeconds()),
                    List.of(THROUGHPUT, P50, P99, P999, CPU, EFFICIENCY)));
        }
        for (Server server : servers()) {
            System.out.println("echo: " + server.label());
            runServer(server, tables);
        }
        return tables;
    }

    /**
     * The many-connection run: {@code manyConnections} connections, one 64 B message in flight each, against every
     * server in full mode, else polyloop's single-threaded servers and Netty epoll.
     */
    public Table many() {
        Table t = new Table(String.format(Locale.ROOT, "Echo, %,d connections", mode.manyConnections()),
                String.format(Locale.ROOT, "%,d connections (open-file limit raised by scripts/bench.sh), 1 message "
                        + "of 64 B in flight on each, 1 s warm-up then %.1f s measured; same generator and figures as "
                        + "above.", mode.manyConnections(), mode.manySeconds()),
                List.of(THROUGHPUT, P50, P99, P999, CPU, EFFICIENCY));
        for (Server server : servers()) {
            boolean wanted = mode.manyAllServers() || server.kind().equals("netty:epoll") && server.threads() == 1
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
                t.add(measure(server, child, port, mode.manyConnections(), 64, 1, 1, mode.manySeconds()));
            } catch (IOException | RuntimeException e) {
                t.add(Row.notAvailable(server.label(), server.polyloop(), "run failed: " + e));
            }
        }
        return t;
    }

    private void runServer(Server server, List<Table> tables) {
        try (ChildProcess child = EchoServers.start(server.kind(), server.threads(), workDir)) {
            String ready = child.await(60_000, "READY", "UNAVAILABLE");
            if (ready.startsWith("UNAVAILABLE")) {
                String why = ready.substring("UNAVAILABLE ".length());
                tables.forEach(t -> t.add(Row.notAvailable(server.label(), server.polyloop(), why)));
                return;
            }
            int port = Integer.parseInt(ready.split(" ")[1]);
            for (int i = 0; i < SIZES.length; i++) {
                tables.get(i).add(measure(server, child, port, CONNECTIONS, SIZES[i], DEPTH, mode.echoWarmup(),
                        mode.echoSeconds()));
            }
        } catch (IOException | RuntimeException e) {
            tables.forEach(t -> t.add(Row.notAvailable(server.label(), server.polyloop(), "run failed: " + e)));
        }
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
                    .put(EFFICIENCY, o.serverCpuSeconds() > 0 ? rate * secs / o.serverCpuSeconds() : Double.NaN);
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
            row.note("client CPU " + String.format(Locale.ROOT, "%.2f", Double.parseDouble(o.result().get("client_cpu"))
                    / secs) + " cores");
            return row;
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable(server.label(), server.polyloop(), "run failed: " + e);
        }
    }

    static String sizeLabel(int size) {
        return size >= 1024 ? size / 1024 + " KiB" : size + " B";
    }
}
