package io.polyloop.bench.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The thread-per-call architecture: requests go to a pool of {@value #THREADS} threads, each of which borrows a
 * blocking Jedis connection from a pool of as many and waits for the reply. Requests beyond the threads wait in the
 * executor's queue (their latency includes that wait, as a caller's would).
 */
final class JedisPoolKv implements AsyncKv {
    static final int THREADS = 8;

    private final JedisPool pool;
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    JedisPoolKv(int port) {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(THREADS);
        config.setMaxIdle(THREADS);
        pool = new JedisPool(config, "127.0.0.1", port);
    }

    @Override
    public CompletionStage<?> get(String key) {
        return CompletableFuture.supplyAsync(() -> {
            try (Jedis j = pool.getResource()) {
                return j.get(key);
            }
        }, threads);
    }

    @Override
    public CompletionStage<?> set(String key, String value) {
        return CompletableFuture.supplyAsync(() -> {
            try (Jedis j = pool.getResource()) {
                return j.set(key, value);
            }
        }, threads);
    }

    @Override
    public String description() {
        return "Jedis " + jedisVersion() + ", pool of " + THREADS
                + " threads × connections";
    }

    private static String jedisVersion() {
        try (java.io.InputStream in = Jedis.class.getResourceAsStream(
                "/META-INF/maven/redis.clients/jedis/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(5, TimeUnit.SECONDS);
        pool.close();
    }
}
