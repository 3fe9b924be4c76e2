package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.example.redis.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's own timeouts: per request (against a real redis-server kept busy by a blocking command, and against
 * a loopback server that accepts and never answers) and per connect attempt (against a loopback listener whose
 * accept queue is full, so that the kernel drops the SYN and the connect never completes by itself).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisTimeoutTest {
    private static IoRuntime runtime;
    private static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        runtime = IoRuntime.builder().build();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            assertTrue(runtime.close(Duration.ofSeconds(10)), "runtime did not close within 10 s");
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static RedisClientOptions options(int port, Object... keyValues) {
        Map<String, Object> p = new HashMap<>();
        p.put(RedisClientOptions.PORT, port);
        p.put(RedisClientOptions.POOL_SIZE, 1);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RedisClientOptions.parse(p);
    }

    private static Throwable failure(Task<?> task) {
        return assertThrows(ExecutionException.class, () -> task.get(10, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void aRequestWithoutReplyTimesOutAndLaterRepliesStillMeetTheirRequests() throws Exception {
        RedisClient client = RedisClient.connect(runtime, options(redis.port(),
                RedisClientOptions.REQUEST_TIMEOUT_MILLIS, 300)).get(10, TimeUnit.SECONDS);
        try {
            client.set("timeout:k", "v1").get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            // Redis answers BLPOP on a missing list after 2 s: the client gives up after 300 ms.
            Task<Object> blocked = client.command("BLPOP", "timeout:nolist", "2");
            Task<String> behind = client.get("timeout:k"); // queued behind BLPOP on the one connection
            Throwable e = failure(blocked);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertInstanceOf(RedisTimeoutException.class, e);
            assertTrue(e.getMessage().contains("BLPOP") && e.getMessage().contains("requestTimeoutMillis=300"),
                    e.getMessage());
            assertTrue(waited >= 290 && waited < 1900, "timed out after " + waited + " ms, not about 300");
            assertInstanceOf(RedisTimeoutException.class, failure(behind));
            // The BLPOP's nil and the GET's value come later and are dropped; the next requests get their own.
            Thread.sleep(2200);
            assertEquals("v1", client.get("timeout:k").get(10, TimeUnit.SECONDS));
            assertNull(client.get("timeout:missing").get(10, TimeUnit.SECONDS));
            assertEquals("PONG", client.ping().get(10, TimeUnit.SECONDS));
            assertTrue(client.isConnected());
        } finally {
            client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSilentServerFailsEachRequestAfterTheTimeout() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            RedisClient client = RedisClient.connect(runtime, options(silent.port(),
                    RedisClientOptions.REQUEST_TIMEOUT_MILLIS, 200)).get(10, TimeUnit.SECONDS);
            try {
                List<Task<String>> gets = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    gets.add(client.get("k" + i));
                }
                for (Task<String> g : gets) {
                    Throwable e = failure(g);
                    assertInstanceOf(RedisTimeoutException.class, e);
                    assertTrue(e.getMessage().contains("no reply to GET"), e.getMessage());
                }
                assertTrue(silent.received() > 0, "the requests were not sent");
                assertTrue(client.isConnected(), "a timeout must not close the connection");
            } finally {
                client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withoutRequestTimeoutARequestWaits() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            RedisClient client = RedisClient.connect(runtime, options(silent.port(),
                    RedisClientOptions.REQUEST_TIMEOUT_MILLIS, 0)).get(10, TimeUnit.SECONDS);
            try {
                Task<String> pong = client.ping();
                Thread.sleep(500);
                assertEquals(Task.Status.PENDING, pong.status());
            } finally {
                client.closeAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aConnectWithoutAnswerFailsAfterTheConnectTimeout() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Never accepted: once the accept queue is full, the kernel drops further SYNs.
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 300);
                    } catch (IOException dropped) {
                        // the queue was full already
                    }
                    fillers.add(s);
                }
                long t0 = System.nanoTime();
                Throwable e = failure(RedisClient.connect(runtime, options(full.getLocalPort(),
                        RedisClientOptions.CONNECT_TIMEOUT_MILLIS, 400, RedisClientOptions.RECONNECT_MIN_MILLIS,
                        1000)));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertInstanceOf(RedisConnectionException.class, e);
                assertTrue(e.getMessage().contains("cannot connect")
                        && e.getMessage().contains("connectTimeoutMillis=400"), e.getMessage());
                assertTrue(waited >= 390 && waited < 5000, "failed after " + waited + " ms, not about 400");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void badTimeoutsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisClientOptions.parse(
                Map.of(RedisClientOptions.REQUEST_TIMEOUT_MILLIS, -1, RedisClientOptions.CONNECT_TIMEOUT_MILLIS, 0)));
        assertTrue(e.getMessage().contains("requestTimeoutMillis=-1 is out of range; accepted: 0 to 86400000"),
                e.getMessage());
        assertTrue(e.getMessage().contains("connectTimeoutMillis=0 is out of range; accepted: 1 to 600000"),
                e.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> RedisClientOptions
                .parse(Map.of(RedisClientOptions.REQUEST_TIMEOUT_MILLIS, "soon")));
        assertTrue(text.getMessage().contains("requestTimeoutMillis='soon' is not an integer"), text.getMessage());
        RedisClientOptions defaults = RedisClientOptions.parse(Map.of());
        assertEquals(Duration.ofSeconds(60), defaults.requestTimeout());
        assertEquals(Duration.ofSeconds(10), defaults.connectTimeout());
    }

    /** Accepts connections on loopback and reads (counting the bytes) without ever answering. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        private final Thread acceptor = new Thread(this::serve, "silent-redis");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        long received() {
            return received.get();
        }

        private void serve() {
            try {
                while (true) {
                    Socket s = server.accept();
                    accepted.add(s);
                    Thread reader = new Thread(() -> drain(s), "silent-redis-reader");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException closed) {
                // close() ends it
            }
        }

        private void drain(Socket s) {
            byte[] buf = new byte[4096];
            try (InputStream in = s.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    received.addAndGet(n);
                }
            } catch (IOException closed) {
                // close() ends it
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
