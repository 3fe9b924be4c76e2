package io.polyloop.bench.redis;

import io.polyloop.bench.BenchMode;
import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Table;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * polyloop's mini-redis (bundles/mini-redis) against the real redis-server, each driven by the same bounded
 * redis-benchmark command. The server's CPU time over the whole command is read from /proc.
 */
public final class RedisServerBench {
    /** The mini-redis entry point, found by name at run time ({@code main(port)}). */
    static final String MINI_REDIS_MAIN = "io.polyloop.example.redis.server.MiniRedisMain";
    static final int CLIENTS = 50;
    static final int PIPELINE = 16;

    public static final Metric SET = Metric.higher("SET req/s", 0);
    public static final Metric GET = Metric.higher("GET req/s", 0);
    static final Metric SET_P99 = Metric.lower("SET p99 ms", 2);
    static final Metric GET_P99 = Metric.lower("GET p99 ms", 2);
    static final Metric CPU = Metric.lower("server CPU (cores)", 2);

    private final BenchMode mode;
    private final Path workDir;

    RedisServerBench(BenchMode mode, Path workDir) {
        this.mode = mode;
        this.workDir = workDir;
    }

    List<String> command(int port) {
        return List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port), "-P",
                Integer.toString(PIPELINE), "-c", Integer.toString(CLIENTS), "-n",
                Integer.toString(mode.redisBenchRequests()), "-t", "set,get", "-r", "1000", "-d", "64", "--csv");
    }

    Table run() {
        Table t = new Table("Redis servers under redis-benchmark -P " + PIPELINE,
                "`" + String.join(" ", command(0)).replace("-p 0", "-p PORT") + "` against each server in turn on "
                        + "loopback (bounded by -n and by a time limit), after one unmeasured run of the same command "
                        + "(JIT warm-up of the JVM server; both get it). " + mode.redisRounds() + " interleaved "
                        + "rounds, each server started afresh in each, in an order shuffled per round; every figure is "
                        + "the median of the rounds, min–max the range of the rounds. Server CPU = its user+system "
                        + "time over the command ÷ the command's duration.",
                List.of(SET, GET, SET_P99, GET_P99, CPU)).showSpread(SET, GET);
        String noBench = RedisServerProcess.onPath("redis-benchmark") ? null
                : "redis-benchmark is not installed (scripts/bench.sh installs it: apt-get install redis-tools)";
        String noMini = noBench != null ? noBench : present(MINI_REDIS_MAIN) ? null
                : "bundles/mini-redis is not in this build (no " + MINI_REDIS_MAIN + ")";
        String noServer = noBench != null ? noBench : RedisServerProcess.unavailability();
        String serverLabel = "redis-server " + version();
        List<Row> mini = new java.util.ArrayList<>();
        List<Row> real = new java.util.ArrayList<>();
        for (int round = 0; round < mode.redisRounds(); round++) {
            for (int i : io.polyloop.bench.RoundOrder.of(2, round)) {
                System.out.println("redis server round " + (round + 1) + "/" + mode.redisRounds() + ": "
                        + (i == 0 ? "mini-redis" : "redis-server"));
                if (i == 0) {
                    mini.add(noMini != null ? Row.notAvailable("polyloop mini-redis", true, noMini) : miniRedis());
                } else {
                    real.add(noServer != null ? Row.notAvailable(serverLabel, false, noServer)
                            : redisServer(serverLabel));
                }
            }
        }
        t.add(io.polyloop.bench.report.Rounds.merge("polyloop mini-redis", true, mini));
        t.add(io.polyloop.bench.report.Rounds.merge(serverLabel, false, real));
        return t;
    }

    private Row redisServer(String label) {
        try (RedisServerProcess server = RedisServerProcess.start(RedisBench.freePort(), workDir)) {
            return measure(label, false, server.process(), server.port());
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable(label, false, "run failed: " + e);
        }
    }

    private Row miniRedis() {
        try {
            int port = RedisBench.freePort();
            try (ChildProcess p = ChildProcess.startJava(List.of("-Xms512m", "-Xmx512m",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), MINI_REDIS_MAIN,
                    List.of(Integer.toString(port)), workDir.resolve("mini-redis.log"))) {
                awaitListening(port, 30_000);
                return measure("polyloop mini-redis", true, p, port);
            }
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable("polyloop mini-redis", true, "run failed: " + e);
        }
    }

    private Row measure(String label, boolean polyloop, ChildProcess server, int port) throws IOException {
        warmUp(port);
        double cpu0 = server.cpuSeconds();
        long t0 = System.nanoTime();
        List<String> cmd = new java.util.ArrayList<>(List.of("timeout", "120")); // bounds the read below too
        cmd.addAll(command(port));
        Process bench = new ProcessBuilder(cmd).redirectError(
                ProcessBuilder.Redirect.appendTo(workDir.resolve("redis-benchmark.log").toFile())).start();
        String out = new String(bench.getInputStream().readAllBytes());
        try {
            if (!bench.waitFor(120, TimeUnit.SECONDS)) {
                bench.destroyForcibly();
                return Row.notAvailable(label, polyloop, "redis-benchmark did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bench.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = server.cpuSeconds() - cpu0;
        Map<String, String[]> rows = csv(out);
        if (!rows.containsKey("SET") || !rows.containsKey("GET")) {
            return Row.notAvailable(label, polyloop, "redis-benchmark printed no SET/GET figures: "
                    + out.replace('\n', ' '));
        }
        return Row.of(label, polyloop)
                .put(SET, Double.parseDouble(rows.get("SET")[1]))
                .put(GET, Double.parseDouble(rows.get("GET")[1]))
                .put(SET_P99, Double.parseDouble(rows.get("SET")[6]))
                .put(GET_P99, Double.parseDouble(rows.get("GET")[6]))
                .put(CPU, cpu / secs);
    }

    /**
     * The same command once before the measured run, output dropped: a JVM server's first requests run interpreted
     * (SET, tested first: 25k req/s cold vs 44k warm in back-to-back runs here), which is not what a running server
     * does. Both servers get it.
     */
    private void warmUp(int port) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("timeout", "120"));
        cmd.addAll(command(port));
        Process warm = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis-benchmark.log").toFile()))
                .start();
        try {
            if (!warm.waitFor(125, TimeUnit.SECONDS)) {
                warm.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warm.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /** redis-benchmark --csv: "test","rps","avg_latency_ms","min_latency_ms","p50…","p95…","p99…","max…". */
    static Map<String, String[]> csv(String out) {
        Map<String, String[]> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.replace("\"", "").split(",");
            if (f.length >= 7 && !f[0].equals("test")) {
                m.put(f[0].trim(), f);
            }
        }
        return m;
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, RedisServerBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void awaitListening(int port, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("nothing listens on 127.0.0.1:" + port + " after " + timeoutMillis + " ms");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").start();
            String v = new String(p.getInputStream().readAllBytes());
            p.waitFor(5, TimeUnit.SECONDS);
            int i = v.indexOf("v=");
            return i < 0 ? "" : v.substring(i + 2, v.indexOf(' ', i));
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

}
