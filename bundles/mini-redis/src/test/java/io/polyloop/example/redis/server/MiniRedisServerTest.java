package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.example.redis.client.RedisClient;
import io.polyloop.example.redis.client.RedisClientOptions;
import io.polyloop.example.redis.client.RedisErrorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mini-redis through plain sockets (raw RESP, inline commands, bad input) and through the polyloop client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MiniRedisServerTest {
    private static IoRuntime runtime;
    private static MiniRedisServer server;

    @BeforeAll
    static void start() throws Exception {
        runtime = IoRuntime.builder().build();
        server = MiniRedisServer.start(runtime, MiniRedisOptions.parse(Map.of(MiniRedisOptions.PORT, 0,
                MiniRedisOptions.MAX_KEYS, 5000, MiniRedisOptions.MAX_COMMAND_BYTES, 4096)))
                .get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.closeAsync().get(10, TimeUnit.SECONDS);
        }
        if (runtime != null) {
            assertTrue(runtime.close(Duration.ofSeconds(10)));
        }
    }

    private static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends {@code request}, reads until the peer closes or {@code expected} bytes came. */
    private static String exchange(String request, int expected) throws IOException {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(expected), StandardCharsets.UTF_8);
        }
    }

    /**
     * A burst whose replies are far larger than one flush (20 MB of GET replies for 2 MB of commands), sent by a
     * thread while another reads: the server reads on while it writes, pauses past a flush of gathered replies,
     * and every reply arrives, in order, whole.
     */
    @Test
    void aBurstWhoseRepliesExceedManyFlushesArrivesWholeAndInOrder() throws Exception {
        String value = "v".repeat(1000);
        assertEquals("+OK\r\n", exchange("SET big:k " + value + "\r\n", 5));
        int count = 20_000;
        try (Socket s = socket()) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    byte[] get = "*2\r\n$3\r\nGET\r\n$5\r\nbig:k\r\n".getBytes(StandardCharsets.US_ASCII);
                    byte[] incr = "*2\r\n$4\r\nINCR\r\n$8\r\nbig:seq1\r\n".getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < count; i++) {
                        out.write(i % 100 == 99 ? incr : get);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "burst-writer");
            writer.start();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            byte[] bulk = ("$1000\r\n" + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long seq = 0;
            for (int i = 0; i < count; i++) {
                if (i % 100 == 99) {
                    String line = readLine(in);
                    assertEquals(":" + (++seq), line, "reply " + i);
                } else {
                    assertArrayEquals(bulk, in.readNBytes(bulk.length), "reply " + i);
                }
            }
            writer.join(10_000);
        }
    }

    /** The client half-closes after its commands: every reply still comes, then the server closes. */
    @Test
    void repliesAfterTheClientHalfClosed() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            StringBuilder request = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                request.append("INCR half:n\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes(); // ends when the server closes
            String[] lines = new String(all, StandardCharsets.US_ASCII).split("\r\n");
            assertEquals(500, lines.length);
            assertEquals(":500", lines[499]);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new java.io.EOFException("after '" + sb + "'");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Test
    void inlineAndMultibulkInOneStream() throws Exception {
        String expected = "+PONG\r\n+OK\r\n$3\r\na b\r\n$1\r\nx\r\n";
        String reply = exchange("PING\r\nSET in:k \"a b\"\r\n*2\r\n$3\r\nGET\r\n$4\r\nin:k\r\nECHO x\n",
                expected.length());
        assertEquals(expected, reply);
    }

    @Test
    void protocolErrorIsRepliedThenTheConnectionCloses() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write("*1\r\n:5\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("-ERR Protocol error: expected '$'"), reply);
        }
        try (Socket s = socket()) { // a command over maxCommandBytes=4096 is refused before it is buffered
            s.getOutputStream().write("*2\r\n$3\r\nSET\r\n$100000\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("-ERR Protocol error: bulk string of 100000 bytes exceeds the limit of 4096"),
                    reply);
        }
    }

    @Test
    void quitClosesAfterTheReply() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write("PING\r\nQUIT\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n+OK\r\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void thePolyloopClientAgainstMiniRedis() throws Exception {
        try (RedisClient client = RedisClient.connect(runtime,
                RedisClientOptions.of(server.localAddress())).get(10, TimeUnit.SECONDS)) {
            assertEquals("PONG", client.ping().get(10, TimeUnit.SECONDS));
            assertNull(client.get("c:missing").get(10, TimeUnit.SECONDS));
            List<Task<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                incrs.add(client.incr("c:n"));
            }
            for (int i = 0; i < 2000; i++) {
                assertTrue(incrs.get(i).get(10, TimeUnit.SECONDS) > 0);
            }
            assertEquals(2001L, client.incr("c:n").get(10, TimeUnit.SECONDS), "2000 pipelined INCRs, none lost");
            client.set("c:a", "1").get(10, TimeUnit.SECONDS);
            assertEquals(Arrays.asList("1", null, "2001"), client.mget("c:a", "c:b", "c:n").get(10, TimeUnit.SECONDS));
            assertTrue(client.expire("c:a", 10).get(10, TimeUnit.SECONDS));
            assertEquals(10L, client.ttl("c:a").get(10, TimeUnit.SECONDS));
            assertEquals(2L, client.del("c:a", "c:n", "c:b").get(10, TimeUnit.SECONDS));
            client.set("c:s", "text").get(10, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.incr("c:s").get(10, TimeUnit.SECONDS));
            assertEquals("ERR", assertInstanceOf(RedisErrorException.class, e.getCause()).code());
            assertEquals("OK", client.command("SET", "c:nx", "1", "NX").get(10, TimeUnit.SECONDS));
            assertNull(client.command("SET", "c:nx", "2", "NX").get(10, TimeUnit.SECONDS), "NX on an existing key");
            ExecutionException syntax = assertThrows(ExecutionException.class,
                    () -> client.command("SET", "c:x", "1", "EX", "0").get(10, TimeUnit.SECONDS));
            assertTrue(syntax.getCause().getMessage().contains("invalid expire time"), syntax.getCause().getMessage());
        }
    }

    @Test
    void maxKeysIsEnforcedWithAClearError() throws Exception {
        try (RedisClient client = RedisClient.connect(runtime,
                RedisClientOptions.of(server.localAddress())).get(10, TimeUnit.SECONDS)) {
            client.command("FLUSHALL").get(10, TimeUnit.SECONDS);
            List<Task<Void>> sets = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                sets.add(client.set("max:" + i, "v"));
            }
            for (Task<Void> t : sets) {
                t.get(10, TimeUnit.SECONDS);
            }
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.set("max:one-too-many", "v").get(10, TimeUnit.SECONDS));
            RedisErrorException oom = assertInstanceOf(RedisErrorException.class, e.getCause());
            assertEquals("OOM", oom.code());
            assertTrue(oom.getMessage().contains("maxKeys=5000"), oom.getMessage());
            client.set("max:0", "overwrite is fine").get(10, TimeUnit.SECONDS);
            client.command("FLUSHALL").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MiniRedisOptions.parse(Map.of("bindAddress", "everywhere", "maxKeys", "0")));
        assertTrue(e.getMessage().contains("bindAddress='everywhere'") && e.getMessage().contains("maxKeys=0"),
                e.getMessage());
    }
}
