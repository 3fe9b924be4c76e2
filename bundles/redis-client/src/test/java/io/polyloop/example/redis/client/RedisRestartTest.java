package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.example.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.polyloop.example.redis.client.RedisClientTest.await;
import static io.polyloop.example.redis.client.RedisClientTest.awaitPong;
import static io.polyloop.example.redis.client.RedisClientTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real redis-server killed (SIGKILL) with requests in flight, then restarted on the same port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisRestartTest {

    @Test
    void inFlightRequestsFailCleanlyThenTheClientReconnects() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             IoRuntime runtime = IoRuntime.builder().build()) {
            RedisClient client = await(RedisClient.connect(runtime, RedisClientOptions.parse(Map.of(
                    RedisClientOptions.PORT, redis.port(), RedisClientOptions.POOL_SIZE, 2,
                    RedisClientOptions.RECONNECT_MIN_MILLIS, 10, RedisClientOptions.RECONNECT_MAX_MILLIS, 200))));
            assertEquals("PONG", await(client.ping()));
            await(client.set("restart:before", "1"));

            // One BLPOP per pooled connection holds every request sent after it in flight until the kill.
            List<Task<?>> inFlight = new ArrayList<>();
            inFlight.add(client.command("BLPOP", "restart:gate", "30"));
            inFlight.add(client.command("BLPOP", "restart:gate", "30"));
            for (int i = 0; i < 1000; i++) {
                inFlight.add(client.incr("restart:n"));
            }
            Thread.sleep(100);
            assertFalse(inFlight.stream().anyMatch(Task::isDone), "all in flight when the server dies");

            redis.kill();
            for (Task<?> t : inFlight) {
                RedisConnectionException e = assertInstanceOf(RedisConnectionException.class, failure(t));
                assertTrue(e.getMessage().contains("connection lost")
                        && e.getMessage().contains("may or may not have been executed"), e.getMessage());
            }
            RedisConnectionException down = assertInstanceOf(RedisConnectionException.class,
                    failure(client.get("restart:before")));
            assertTrue(down.getMessage().contains("not connected"), down.getMessage());
            assertFalse(client.isConnected());

            redis.restart(); // empty: persistence is off
            assertEquals("PONG", awaitPong(client));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!bothUp(client) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 100; i++) { // round robin: both connections serve again
                await(client.set("restart:after:" + i, "v" + i));
                assertEquals("v" + i, await(client.get("restart:after:" + i)));
            }
            assertEquals(1L, await(client.incr("restart:n")), "a fresh server: the INCRs in flight never ran");
            client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
            RedisConnectionException closed = assertInstanceOf(RedisConnectionException.class,
                    failure(client.ping()));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertTrue(runtime.close(Duration.ofSeconds(10)));
        }
    }

    private static boolean bothUp(RedisClient client) throws Exception {
        String clients = new String((byte[]) await(client.command("CLIENT", "LIST")),
                java.nio.charset.StandardCharsets.UTF_8);
        return clients.lines().count() >= 2;
    }
}
