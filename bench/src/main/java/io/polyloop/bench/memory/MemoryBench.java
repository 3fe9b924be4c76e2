package io.polyloop.bench.memory;

import io.polyloop.bench.BenchMode;
import io.polyloop.bench.echo.EchoBench;
import io.polyloop.bench.echo.EchoServers;
import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Spread;
import io.polyloop.bench.report.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Memory: retained heap per pending task (each executor in its own JVM), and retained heap and RSS per idle TCP
 * connection on each echo server (the C generator holds the connections open, idle).
 */
public final class MemoryBench {
    public static final Metric TASK_BYTES = Metric.lower("heap B per pending task", 1);
    public static final Metric CONN_HEAP = Metric.lower("heap B per idle connection", 0);
    public static final Metric CONN_RSS = Metric.lower("anon RSS B per idle connection", 0);
    /** Batches of idle connections opened one after another on one server: the first warms up, the next measure. */
    static final int BATCHES = 4;
    /** Holders started per batch at most, each opening the connections the previous ones could not. */
    static final int CONNECT_TRIES = 3;

    private final BenchMode mode;
    private final Path echoload;
    private final Path workDir;

    public MemoryBench(BenchMode mode, Path echoload, Path workDir) {
        this.mode = mode;
        this.echoload = echoload;
        this.workDir = workDir;
    }

    /**
     * @return idle connections per batch: as the mode asks, fewer if the batches would not fit under the open-file
     *         limit the servers inherit (2 000 kept for the JVM's own files)
     */
    int batchSize() {
        long limit = openFileLimit();
        return (int) Math.max(100, Math.min(mode.idleConnections(), (limit - 2_000) / BATCHES));
    }

    /** @return the soft open-file limit of this process (and of the children it starts), from /proc/self/limits */
    static long openFileLimit() {
        try {
            for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    String soft = l.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return 1024;
    }

    public List<Table> run(List<EchoBench.Server> servers) {
        Table tasks = new Table("Retained heap per pending task", String.format(Locale.ROOT, "Each executor in its "
                + "own JVM with its one worker blocked; %,d tasks (one shared Runnable) queued; used heap after full "
                + "GCs, after minus before, ÷ the count. polyloop: single-threaded runtime, post().",
                mode.pendingTasks()), List.of(TASK_BYTES));
        for (String s : List.of(PendingTaskMain.POLYLOOP, PendingTaskMain.FORK_JOIN, PendingTaskMain.TPE,
                PendingTaskMain.NETTY)) {
            System.out.println("memory: pending tasks, " + s);
            tasks.add(pendingTasks(s));
        }
        Table conns = new Table("Retained memory per idle TCP connection", String.format(Locale.ROOT, "Each echo "
                + "server in its own JVM (-Xms512m -Xmx512m -XX:+AlwaysPreTouch), run interpreted (-Xint) for this "
                + "table only: the JIT's compiler arenas and code cache grow and shrink by megabytes at moments of "
                + "their own, which in a test here swung the same server's native figure from −11 KB to +8.7 KB per "
                + "connection "
                + "between batches, while interpreted it stays within a few bytes; what a connection holds is the "
                + "same data either way (the heap figure is the same with and without the JIT). %d batches of %,d idle "
                + "connections opened one after another by the C generator and held; after each batch, used heap after "
                + "full GCs and the process's anonymous RSS (RssAnon: heap, malloc, direct buffers, stacks; not file "
                + "pages of jars and libjvm). The first batch warms up (classes loaded, tables grown, one-off costs "
                + "are not per connection); each next batch gives one figure, (after − before) ÷ the batch; the "
                + "table gives the median of those %d, min–max their range. Kernel socket memory is in no process's "
                + "RSS. The JDK NIO echo server holds a 16 KiB direct read buffer per connection (its echo loop's); "
                + "polyloop's echo reads with read(pool, 64 KiB) and Netty's takes buffers from its pool per read, "
                + "both only when bytes are there." + (mode.allServers() ? "" : " Quick mode: one-loop servers only."),
                BATCHES, batchSize(), BATCHES - 1),
                List.of(CONN_HEAP, CONN_RSS)).showSpread(CONN_HEAP, CONN_RSS);
        for (EchoBench.Server s : servers) {
            System.out.println("memory: idle connections, " + s.label());
            conns.add(idleConnections(s));
        }
        return List.of(tasks, conns);
    }

    private Row pendingTasks(String subject) {
        boolean polyloop = subject.equals(PendingTaskMain.POLYLOOP);
        try (ChildProcess child = ChildProcess.startJava(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), PendingTaskMain.class.getName(),
                List.of(subject, Integer.toString(mode.pendingTasks())), workDir.resolve("pending-tasks.log"))) {
            String r = child.await(120_000, "RESULT");
            return Row.of(subject, polyloop).put(TASK_BYTES, Double.parseDouble(r.substring(r.indexOf('=') + 1)));
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable(subject, polyloop, "run failed: " + e);
        }
    }

    private Row idleConnections(EchoBench.Server s) {
        List<ChildProcess> holders = new ArrayList<>();
        try (ChildProcess server = EchoServers.start(s.kind(), s.threads(), workDir, List.of("-Xint"))) {
            String ready = server.await(60_000, "READY", "UNAVAILABLE");
            if (ready.startsWith("UNAVAILABLE")) {
                return Row.notAvailable(s.label(), s.polyloop(), ready.substring("UNAVAILABLE ".length()));
            }
            String port = ready.split(" ")[1];
            int n = batchSize();
            double[] heap = new double[BATCHES - 1];
            double[] rss = new double[BATCHES - 1];
            long[] before = null;
            List<String> retried = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                long t0 = System.nanoTime();
                double cpu0 = server.cpuSeconds();
                List<String> tries = new ArrayList<>();
                int made = 0;
                // A slow (-Xint, starved) server can leave its accept queue full long enough for SYN retransmits to
                // pass echoload's connect bound; the missing connections are then opened by another holder.
                for (int attempt = 0; attempt < CONNECT_TRIES && made < n; attempt++) {
                    ChildProcess holder = ChildProcess.start(List.of(echoload.toString(), "-H", "-p", port, "-c",
                            Integer.toString(n - made)), workDir.resolve("echoload-hold.log"));
                    holders.add(holder);
                    String connected = holder.await(120_000, "CONNECTED");
                    made += Integer.parseInt(connected.split(" ")[1]);
                    tries.add(connected.substring("CONNECTED ".length()).replace(' ', '/'));
                }
                if (made < n) {
                    return Row.notAvailable(s.label(), s.polyloop(), String.format(Locale.ROOT, "batch %d: %,d of "
                            + "%,d connections made in %d tries (made/failed per try: %s) over %.1f s, in which the "
                            + "server used %.1f s of CPU; logs: %s, %s", b + 1, made, n, tries.size(),
                            String.join(", ", tries), (System.nanoTime() - t0) / 1e9, server.cpuSeconds() - cpu0,
                            workDir.resolve("echoload-hold.log"), server.log()));
                }
                if (tries.size() > 1) {
                    retried.add("batch " + (b + 1) + " in " + tries.size() + " tries (" + String.join(", ", tries)
                            + ")");
                }
                Thread.sleep(500); // let the server accept and set up the last ones
                long[] after = heap(server);
                if (before != null) {
                    heap[b - 1] = (after[0] - before[0]) / (double) n;
                    rss[b - 1] = (after[1] - before[1]) / (double) n;
                }
                before = after;
            }
            Row row = Row.of(s.label(), s.polyloop()).putRounds(CONN_HEAP, Spread.of(heap))
                    .putRounds(CONN_RSS, Spread.of(rss));
            return retried.isEmpty() ? row : row.note("connections made/failed: " + String.join("; ", retried));
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable(s.label(), s.polyloop(), "run failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Row.notAvailable(s.label(), s.polyloop(), "interrupted");
        } finally {
            holders.forEach(ChildProcess::close);
        }
    }

    private static long[] heap(ChildProcess server) throws IOException {
        server.send("HEAP");
        String[] f = server.await(30_000, "HEAP").split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
    }
}
