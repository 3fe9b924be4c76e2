package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.example.redis.resp.RespProtocolException;
import io.polyloop.example.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real redis-server on loopback (started here on a free port, killed at the end). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisClientTest {
    private static IoRuntime runtime;
    private static RedisServerProcess redis;
    private static RedisClient client;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        runtime = IoRuntime.builder().build();
        client = await(RedisClient.connect(runtime, RedisClientOptions.of(redis.address())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (runtime != null) {
            assertTrue(runtime.close(Duration.ofSeconds(10)), "runtime did not close within 10 s");
        }
        if (redis != null) {
            redis.close();
        }
    }

    static <T> T await(Task<T> task) throws Exception {
        return task.get(10, TimeUnit.SECONDS);
    }

    static Throwable failure(Task<?> task) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> task.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static RedisClientOptions options(Object... keyValues) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put(RedisClientOptions.PORT, redis.port());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RedisClientOptions.parse(p);
    }

    @Test
    void commandSet() throws Exception {
        assertEquals("PONG", await(client.ping()));
        assertNull(await(client.set("cs:a", "alpha")));
        assertEquals("alpha", await(client.get("cs:a")));
        assertEquals(1L, await(client.incr("cs:n")));
        assertEquals(2L, await(client.incr("cs:n")));
        assertEquals(Arrays.asList("alpha", null, "2"), await(client.mget("cs:a", "cs:missing", "cs:n")));
        assertEquals(-1L, await(client.ttl("cs:a")));
        assertTrue(await(client.expire("cs:a", 100)));
        long ttl = await(client.ttl("cs:a"));
        assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
        assertFalse(await(client.expire("cs:missing", 100)));
        assertNull(await(client.set("cs:px", "v", Duration.ofMillis(50))));
        Thread.sleep(120);
        assertNull(await(client.get("cs:px")), "expired by PX");
        assertEquals(2L, await(client.del("cs:a", "cs:n", "cs:missing")));
        assertNull(await(client.get("cs:a")));

        byte[] binary = {0, '\r', '\n', (byte) 0xff, '$'};
        assertNull(await(client.set("cs:bin".getBytes(StandardCharsets.UTF_8), binary)));
        assertArrayEquals(binary, await(client.get("cs:bin".getBytes(StandardCharsets.UTF_8))));

        assertEquals("OK", await(client.command("SET", "cs:g", "x")));
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), (byte[]) await(client.command("GET", "cs:g")));
        assertEquals(List.of(), await(client.command("KEYS", "cs:nothing-matches*")));
        assertEquals(1L, await(client.command("EXISTS", "cs:g")));
    }

    @Test
    void nilReplies() throws Exception {
        assertNull(await(client.get("nil:absent")));
        assertNull(await(client.get("nil:absent".getBytes(StandardCharsets.UTF_8))));
        assertNull(await(client.command("GET", "nil:absent")));
        assertEquals(Arrays.asList(null, null), await(client.mget("nil:x", "nil:y")));
        assertEquals(-2L, await(client.ttl("nil:absent")));
    }

    @Test
    void errorRepliesFailTheTaskAndKeepTheConnection() throws Exception {
        await(client.set("err:s", "not a number"));
        Throwable e = failure(client.incr("err:s"));
        RedisErrorException error = assertInstanceOf(RedisErrorException.class, e);
        assertEquals("ERR", error.code());
        assertTrue(error.getMessage().contains("not an integer"), error.getMessage());

        await(client.command("LPUSH", "err:list", "x"));
        RedisErrorException wrongType = assertInstanceOf(RedisErrorException.class, failure(client.get("err:list")));
        assertEquals("WRONGTYPE", wrongType.code());

        RedisErrorException unknown = assertInstanceOf(RedisErrorException.class,
                failure(client.command("NO-SUCH-COMMAND", "a")));
        assertTrue(unknown.getMessage().contains("unknown command"), unknown.getMessage());
        assertEquals("PONG", await(client.ping()), "still usable");

        assertThrows(IllegalArgumentException.class, () -> client.expire("err:s", 0));
        assertThrows(IllegalArgumentException.class, () -> client.set("a", "b", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> client.command(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> client.del());
    }

    /**
     * 1000 requests in flight on one connection: a BLPOP holds the connection's queue on the server, everything
     * sent after it waits, then one push releases them all; replies arrive in order.
     */
    @Test
    void thousandRequestsInFlightOnOneConnection() throws Exception {
        try (RedisClient single = await(RedisClient.connect(runtime, options(RedisClientOptions.POOL_SIZE, 1)))) {
            Task<Object> blocked = single.command("BLPOP", "pipe:gate", "10");
            List<Task<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                incrs.add(single.incr("pipe:counter"));
            }
            Thread.sleep(200);
            assertFalse(blocked.isDone());
            assertEquals(0, incrs.stream().filter(Task::isDone).count(), "all 1000 wait behind the BLPOP");
            await(client.command("RPUSH", "pipe:gate", "go"));
            @SuppressWarnings("unchecked")
            List<Object> popped = (List<Object>) await(blocked);
            assertEquals("go", new String((byte[]) popped.get(1), StandardCharsets.UTF_8));
            for (int i = 0; i < incrs.size(); i++) {
                assertEquals(i + 1L, await(incrs.get(i)), "replies in request order");
            }
        }
    }

    @Test
    void pipelinedOverThePool() throws Exception {
        try (RedisClient pooled = await(RedisClient.connect(runtime, options(RedisClientOptions.POOL_SIZE, 4)))) {
            List<Task<Void>> sets = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                sets.add(pooled.set("pool:" + i, "v" + i));
            }
            for (Task<Void> t : sets) {
                await(t);
            }
            List<Task<String>> gets = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                gets.add(pooled.get("pool:" + i));
            }
            for (int i = 0; i < 4000; i++) {
                assertEquals("v" + i, await(gets.get(i)));
            }
            String clients = new String((byte[]) await(pooled.command("CLIENT", "LIST")), StandardCharsets.UTF_8);
            assertTrue(clients.lines().count() >= 4, "at least the pool's 4 connections:\n" + clients);
        }
    }

    @Test
    void maxPendingRefusesMoreAtOnce() throws Exception {
        try (RedisClient small = await(RedisClient.connect(runtime,
                options(RedisClientOptions.POOL_SIZE, 1, RedisClientOptions.MAX_PENDING, 10)))) {
            Task<Object> blocked = small.command("BLPOP", "busy:gate", "10");
            List<Task<Long>> queued = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                queued.add(small.incr("busy:n"));
            }
            RedisBusyException busy = assertInstanceOf(RedisBusyException.class, failure(small.incr("busy:n")));
            assertTrue(busy.getMessage().contains("maxPending"), busy.getMessage());
            await(client.command("RPUSH", "busy:gate", "go"));
            await(blocked);
            assertEquals(9L, await(queued.get(8)));
        }
    }

    @Test
    void replyOverTheLimitBreaksTheConnectionCleanlyAndItReconnects() throws Exception {
        try (RedisClient limited = await(RedisClient.connect(runtime, options(RedisClientOptions.POOL_SIZE, 1,
                RedisClientOptions.MAX_REPLY_BYTES, 1024, RedisClientOptions.RECONNECT_MIN_MILLIS, 10)))) {
            await(limited.set("big:v", "x".repeat(4000)));
            Throwable e = failure(limited.get("big:v"));
            assertInstanceOf(RedisConnectionException.class, e);
            assertInstanceOf(RespProtocolException.class, e.getCause(), String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("1024"), e.getCause().getMessage());
            assertEquals("PONG", awaitPong(limited), "reconnected");
            assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), (byte[]) await(limited.command("ECHO", "x")));
        }
    }

    @Test
    void connectToNothingFailsClearly() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Throwable e = failure(RedisClient.connect(runtime, RedisClientOptions.of(new InetSocketAddress("127.0.0.1",
                port))));
        assertInstanceOf(RedisConnectionException.class, e);
        assertTrue(e.getMessage().contains("cannot connect") && e.getMessage().contains(Integer.toString(port)),
                e.getMessage());
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisClientOptions.parse(
                Map.of("host", "redis.example", "port", "70000", "poolSize", "0")));
        assertTrue(e.getMessage().contains("host='redis.example'") && e.getMessage().contains("port=70000")
                && e.getMessage().contains("poolSize=0"), e.getMessage());
    }

    /** Pings until a reply comes (the client reconnects with backoff); bounded by 10 s. */
    static String awaitPong(RedisClient c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return await(c.ping());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RedisConnectionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
