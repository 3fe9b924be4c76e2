package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The mini-redis server without OSGi: builds a runtime with {@link IoRuntime#builder()} and serves until interrupted
 * (Ctrl-C, SIGTERM).
 *
 * <pre>
 * java -cp … io.polyloop.example.redis.server.MiniRedisMain [port [bindAddress]]
 * redis-cli -p 6380 SET greeting hello
 * </pre>
 */
public final class MiniRedisMain {
    private MiniRedisMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2 || (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help")))) {
            System.err.println("usage: MiniRedisMain [port [bindAddress]]  (default: 6380 127.0.0.1)");
            System.exit(2);
        }
        Map<String, Object> properties = new HashMap<>();
        if (args.length > 0) {
            properties.put(MiniRedisOptions.PORT, args[0]);
        }
        if (args.length > 1) {
            properties.put(MiniRedisOptions.BIND_ADDRESS, args[1]);
        }
        MiniRedisOptions options;
        try {
            options = MiniRedisOptions.parse(properties);
        } catch (IllegalArgumentException e) {
            System.err.println("mini-redis: " + e.getMessage());
            System.exit(2);
            return;
        }
        IoRuntime runtime = IoRuntime.builder().build();
        MiniRedisServer server;
        try {
            server = MiniRedisServer.start(runtime, options).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            runtime.close();
            System.err.println("mini-redis: cannot listen on " + MiniRedisServer.format(options.address()) + ": "
                    + (e.getCause() != null ? e.getCause() : e));
            System.exit(1);
            return;
        }
        System.out.println("mini-redis listening on " + MiniRedisServer.format(server.localAddress())
                + "; Ctrl-C stops it");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.closeAsync().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing anyway
            }
            runtime.close();
            stopped.countDown();
        }, "mini-redis-shutdown"));
        stopped.await();
    }
}
