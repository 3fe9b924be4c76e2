package io.polyloop.bench.redis;

import io.polyloop.bench.BenchMode;
import io.polyloop.bench.RoundOrder;
import io.polyloop.bench.proc.ChildProcess;
import io.polyloop.bench.proc.ResultLine;
import io.polyloop.bench.report.Metric;
import io.polyloop.bench.report.Rounds;
import io.polyloop.bench.report.Row;
import io.polyloop.bench.report.Table;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Redis benchmarks: three clients against one real redis-server (each client in its own JVM, GET and SET with
 * {@value #IN_FLIGHT} requests in flight), and polyloop's mini-redis against redis-server under the same
 * redis-benchmark command. Both in interleaved rounds (every client once per round, in a shuffled order), each row the
 * median of its rounds.
 */
public final class RedisBench {
    public static final int IN_FLIGHT = 128;
    static final List<String> CLIENTS = List.of("polyloop", "lettuce", "jedis");

    public static final Metric OPS = Metric.higher("ops/s", 0);
    public static final Metric P50 = Metric.lower("p50 µs", 0);
    public static final Metric P99 = Metric.lower("p99 µs", 0);
    public static final Metric P999 = Metric.lower("p99.9 µs", 0);
    public static final Metric CLIENT_CPU = Metric.lower("client CPU (cores)", 2);
    public static final Metric CLIENT_ALLOC = Metric.lower("client alloc (B/op)", 0);

    private final BenchMode mode;
    private final Path workDir;

    public RedisBench(BenchMode mode, Path workDir) {
        this.mode = mode;
        this.workDir = workDir;
    }

    /** @return the GET and SET client tables, then the server table */
    public List<Table> run() {
        List<Table> tables = new ArrayList<>();
        for (String op : List.of("GET", "SET")) {
            tables.add(new Table("Redis clients, " + op + ", " + IN_FLIGHT + " in flight",
                    String.format(Locale.ROOT, "Each client in its own JVM against the same redis-server 7 on "
                                    + "loopback; %d requests kept in flight (a closed loop), keys from a set of %d, "
                                    + "64-byte values; %d interleaved rounds (each round runs every client once, in a "
                                    + "fresh JVM, in an order shuffled per round), %.1f s warm-up, %.1f s measured; "
                                    + "every figure is the median of the rounds, min–max the range of the rounds. "
                                    + "Latency from the call to its "
                                    + "completion, including any wait in the client's queue. Client CPU = the client "
                                    + "JVM's user+system time over the window ÷ the window. Client alloc = bytes "
                                    + "allocated by the client JVM's threads over the window ÷ operations completed "
                                    + "in it.", IN_FLIGHT,
                            ClosedLoop.KEYS, mode.redisRounds(), Math.min(2, mode.redisSeconds()),
                            mode.redisSeconds()),
                    List.of(OPS, P50, P99, P999, CLIENT_CPU, CLIENT_ALLOC)).showSpread(OPS, P99));
        }
        String why = RedisServerProcess.unavailability();
        if (why != null) {
            for (Table t : tables) {
                for (String c : CLIENTS) {
                    t.add(Row.notAvailable(label(c), c.equals("polyloop"), why));
                }
            }
        } else {
            try (RedisServerProcess server = RedisServerProcess.start(freePort(), workDir)) {
                List<List<Row>> gets = new ArrayList<>();
                List<List<Row>> sets = new ArrayList<>();
                CLIENTS.forEach(c -> {
                    gets.add(new ArrayList<>());
                    sets.add(new ArrayList<>());
                });
                for (int round = 0; round < mode.redisRounds(); round++) {
                    for (int i : RoundOrder.of(CLIENTS.size(), round)) {
                        String c = CLIENTS.get(i);
                        System.out.println("redis client round " + (round + 1) + "/" + mode.redisRounds() + ": " + c);
                        gets.get(i).add(client(c, server.port(), "get"));
                        sets.get(i).add(client(c, server.port(), "set"));
                    }
                }
                for (int i = 0; i < CLIENTS.size(); i++) {
                    String c = CLIENTS.get(i);
                    tables.get(0).add(Rounds.merge(label(c), c.equals("polyloop"), gets.get(i)));
                    tables.get(1).add(Rounds.merge(label(c), c.equals("polyloop"), sets.get(i)));
                }
            } catch (IOException e) {
                for (Table t : tables) {
                    for (String c : CLIENTS) {
                        t.add(Row.notAvailable(label(c), c.equals("polyloop"), "redis-server did not start: " + e));
                    }
                }
            }
        }
        tables.add(new RedisServerBench(mode, workDir).run());
        return tables;
    }

    static String label(String client) {
        switch (client) {
            case "polyloop": return "polyloop redis-client";
            case "lettuce": return "Lettuce";
            default: return "Jedis pool ×" + JedisPoolKv.THREADS + " threads";
        }
    }

    private Row client(String client, int port, String op) {
        String label = label(client);
        boolean polyloop = client.equals("polyloop");
        double warmup = Math.min(2, mode.redisSeconds());
        try (ChildProcess child = ChildProcess.startJava(List.of("-Xms256m", "-Xmx512m",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), RedisClientMain.class.getName(),
                List.of(client, Integer.toString(port), op, Integer.toString(IN_FLIGHT), Double.toString(warmup),
                        Double.toString(mode.redisSeconds())), workDir.resolve("redis-client-" + client + ".log"))) {
            String ready = child.await(60_000, "READY", "UNAVAILABLE");
            if (ready.startsWith("UNAVAILABLE")) {
                return Row.notAvailable(label, polyloop, ready.substring("UNAVAILABLE ".length()));
            }
            long bound = (long) ((warmup + mode.redisSeconds() + 30) * 1000);
            child.await(bound, "WARM_DONE");
            double cpu0 = child.cpuSeconds();
            child.await(bound, "MEASURE_DONE");
            double cpu1 = child.cpuSeconds();
            Map<String, String> r = ResultLine.parse(child.await(bound, "RESULT"));
            double secs = Double.parseDouble(r.get("secs"));
            Row row = Row.of(label, polyloop)
                    .put(OPS, Long.parseLong(r.get("ops")) / secs)
                    .put(P50, Long.parseLong(r.get("p50")) / 1e3)
                    .put(P99, Long.parseLong(r.get("p99")) / 1e3)
                    .put(P999, Long.parseLong(r.get("p999")) / 1e3)
                    .put(CLIENT_CPU, (cpu1 - cpu0) / secs);
            if (r.containsKey("alloc") && Long.parseLong(r.get("ops")) > 0) {
                row.put(CLIENT_ALLOC, Long.parseLong(r.get("alloc")) / (double) Long.parseLong(r.get("ops")));
            }
            if (!r.get("errors").equals("0")) {
                row.note(r.get("errors") + " commands failed");
            }
            return row.note(ready.substring(ready.indexOf(' ', "READY ".length()) + 1));
        } catch (IOException | RuntimeException e) {
            return Row.notAvailable(label, polyloop, "run failed: " + e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
