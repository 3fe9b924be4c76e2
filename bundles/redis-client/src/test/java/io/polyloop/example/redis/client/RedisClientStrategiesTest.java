package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.example.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.polyloop.example.redis.client.RedisClientTest.await;
import static io.polyloop.example.redis.client.RedisClientTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client on every execution strategy with two loops, against a real redis-server. With several loops each call's
 * spawn may run on another loop than the connection's; one caller's requests must still go out in call order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisClientStrategiesTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-threaded", "thread-per-core", "work-stealing"})
    void oneCallersRequestsKeepTheirOrderOnEveryStrategy(String strategy) throws Exception {
        try (IoRuntime runtime = IoRuntime.builder().set("strategy", strategy).set("threads", 2).build()) {
            RedisClient client = await(RedisClient.connect(runtime, RedisClientOptions.parse(Map.of(
                    RedisClientOptions.PORT, redis.port(), RedisClientOptions.POOL_SIZE, 1,
                    RedisClientOptions.MAX_PENDING, 501))));
            String key = "strategy:" + strategy;
            Task<Object> blocked = client.command("BLPOP", key + ":gate", "10");
            List<Task<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                incrs.add(client.incr(key));
            }
            assertInstanceOf(RedisBusyException.class, failure(client.incr(key)), "the 502nd request");
            try (RedisClient other = await(RedisClient.connect(runtime, RedisClientOptions.of(redis.address())))) {
                await(other.command("RPUSH", key + ":gate", "go"));
            }
            await(blocked);
            for (int i = 0; i < incrs.size(); i++) {
                assertEquals(i + 1L, await(incrs.get(i)), "request " + i + " on " + strategy);
            }
            client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(runtime.close(Duration.ofSeconds(10)));
        }
    }
}
