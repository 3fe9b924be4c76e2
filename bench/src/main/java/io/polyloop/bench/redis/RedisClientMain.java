package io.polyloop.bench.redis;

import io.polyloop.bench.proc.ChildProtocol;
import org.HdrHistogram.Histogram;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * One Redis client benchmark in its own JVM: {@code RedisClientMain <polyloop|lettuce|jedis> <port> <get|set>
 * <inFlight> <warmupSeconds> <seconds>}. Prints READY (or UNAVAILABLE), WARM_DONE and MEASURE_DONE around the
 * measured window (the parent reads this JVM's CPU time then), and a RESULT line.
 */
public final class RedisClientMain {
    static final String POLYLOOP_KV = "io.polyloop.bench.redis.PolyloopRedisKv";

    private RedisClientMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: RedisClientMain <polyloop|lettuce|jedis> <port> <get|set> <inFlight>"
                    + " <warmupSeconds> <seconds>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        AsyncKv kv;
        switch (args[0]) {
            case "lettuce": kv = new LettuceKv(port); break;
            case "jedis": kv = new JedisPoolKv(port); break;
            case "polyloop":
                try {
                    kv = (AsyncKv) Class.forName(POLYLOOP_KV).getConstructor(int.class).newInstance(port);
                } catch (ClassNotFoundException e) {
                    ChildProtocol.unavailable("bundles/redis-client is not in this build (no " + POLYLOOP_KV + ")");
                    return;
                } catch (InvocationTargetException e) {
                    ChildProtocol.unavailable("polyloop redis-client failed to connect: " + e.getCause());
                    return;
                }
                break;
            default:
                throw new IllegalArgumentException("client " + args[0] + "; accepted: polyloop, lettuce, jedis");
        }
        try (AsyncKv client = kv) {
            ClosedLoop load = new ClosedLoop(client, args[2], Integer.parseInt(args[3]));
            load.preload();
            ChildProtocol.ready(port, client.description());
            long[] allocated = new long[2];
            ClosedLoop.Result r = load.run(Double.parseDouble(args[4]), Double.parseDouble(args[5]), () -> {
                allocated[0] = allocatedBytes();
                line("WARM_DONE");
            }, () -> {
                allocated[1] = allocatedBytes();
                line("MEASURE_DONE");
            });
            Histogram h = r.latencyNanos();
            line(String.format(Locale.ROOT, "RESULT ops=%d secs=%.6f p50=%d p99=%d p999=%d errors=%d alloc=%d p90=%d",
                    r.completed(), r.seconds(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), r.errors(), allocated[1] - allocated[0],
                    h.getValueAtPercentile(90)));
        }
        System.exit(0);
    }

    /**
     * @return the bytes allocated so far by the live threads of this JVM (HotSpot's per-thread counters): over the
     *         measured window, a figure that the machine's load does not blur, unlike time
     */
    static long allocatedBytes() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean)) {
            return 0;
        }
        long sum = 0;
        for (long b : ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static void line(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
