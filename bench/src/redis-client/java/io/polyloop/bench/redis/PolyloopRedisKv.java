package io.polyloop.bench.redis;

import io.polyloop.api.IoRuntime;
import io.polyloop.example.redis.client.RedisClient;
import io.polyloop.example.redis.client.RedisClientOptions;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * polyloop's Redis client (bundles/redis-client) with its default options on a runtime with default settings.
 * Compiled only when that module is in the build (profile with-redis-client); found by name at run time. For
 * experiments (the bench itself sets none): system properties {@code polyloop.redis.<option>} override client
 * options ({@code -Dpolyloop.redis.poolSize=1}) and {@code polyloop.runtime.<setting>} runtime settings
 * ({@code -Dpolyloop.runtime.backend=epoll}).
 */
public final class PolyloopRedisKv implements AsyncKv {
    private final IoRuntime runtime;
    private final RedisClient client;

    public PolyloopRedisKv(int port) throws Exception {
        runtime = IoRuntime.builder().properties(prefixed("polyloop.runtime.")).build();
        Map<String, Object> options = new HashMap<>(prefixed("polyloop.redis."));
        options.put(RedisClientOptions.HOST, "127.0.0.1");
        options.put(RedisClientOptions.PORT, port);
        client = RedisClient.connect(runtime, RedisClientOptions.parse(options)).get(10, TimeUnit.SECONDS);
    }

    private static Map<String, Object> prefixed(String prefix) {
        Map<String, Object> m = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                m.put(name.substring(prefix.length()), System.getProperty(name));
            }
        }
        return m;
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
