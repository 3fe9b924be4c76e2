package io.polyloop.bench.redis;

import io.polyloop.api.IoRuntime;
import io.polyloop.example.redis.client.RedisClient;
import io.polyloop.example.redis.client.RedisClientOptions;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * polyloop's Redis client (bundles/redis-client) with its default options on a runtime with default settings.
 * Compiled only when that module is in the build (profile with-redis-client); found by name at run time.
 */
public final class PolyloopRedisKv implements AsyncKv {
    private final IoRuntime runtime;
    private final RedisClient client;

    public PolyloopRedisKv(int port) throws Exception {
        runtime = IoRuntime.builder().build();
        client = RedisClient.connect(runtime, RedisClientOptions.of(new InetSocketAddress("127.0.0.1", port)))
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> get(String key) {
        return client.get(key);
    }

    @Override
    public CompletionStage<?> set(String key, String value) {
        return client.set(key, value);
    }

    @Override
    public String description() {
        return "polyloop redis-client, " + client.options().poolSize() + " connection(s), runtime "
                + runtime.info().strategy().configName() + " on " + runtime.info().backend();
    }

    @Override
    public void close() {
        client.close();
        runtime.close();
    }
}
