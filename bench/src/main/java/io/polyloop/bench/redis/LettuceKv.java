package io.polyloop.bench.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.util.concurrent.CompletionStage;

/** Lettuce with its defaults: one shared, pipelined connection; replies complete on Netty's event loop. */
final class LettuceKv implements AsyncKv {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;

    LettuceKv(int port) {
        client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        connection = client.connect();
        commands = connection.async();
    }

    @Override
    public CompletionStage<?> get(String key) {
        return commands.get(key);
    }

    @Override
    public CompletionStage<?> set(String key, String value) {
        return commands.set(key, value);
    }

    @Override
    public String description() {
        return "Lettuce " + RedisClient.class.getPackage().getImplementationVersion() + ", 1 connection";
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
