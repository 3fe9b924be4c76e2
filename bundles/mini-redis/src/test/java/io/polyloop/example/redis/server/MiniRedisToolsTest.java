package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;
import io.polyloop.example.redis.testing.RedisTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** mini-redis driven by the real redis-cli and redis-benchmark (Debian's redis-tools), each run with a timeout. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MiniRedisToolsTest {
    private static IoRuntime runtime;
    private static MiniRedisServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        RedisTools.require("redis-cli");
        RedisTools.require("redis-benchmark");
        runtime = IoRuntime.builder().build();
        server = MiniRedisServer.start(runtime, MiniRedisOptions.parse(Map.of(MiniRedisOptions.PORT, 0)))
                .get(10, TimeUnit.SECONDS);
        port = server.localAddress().getPort();
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

    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--no-raw"));
        all.addAll(List.of(args));
        return RedisTools.cli(port, all.toArray(new String[0])).strip();
    }

    @Test
    void redisCliCommands() throws Exception {
        assertEquals("PONG", cli("PING"));
        assertEquals("\"hello world\"", cli("ECHO", "hello world"));
        assertEquals("OK", cli("SET", "cli:a", "alpha"));
        assertEquals("\"alpha\"", cli("GET", "cli:a"));
        assertEquals("(nil)", cli("GET", "cli:missing"));
        assertEquals("(integer) 1", cli("INCR", "cli:n"));
        assertEquals("(integer) 2", cli("INCR", "cli:n"));
        assertEquals("(integer) -1", cli("TTL", "cli:a"));
        assertEquals("(integer) 1", cli("EXPIRE", "cli:a", "100"));
        assertEquals("(integer) 100", cli("TTL", "cli:a"));
        assertEquals("OK", cli("SET", "cli:ex", "v", "EX", "50"));
        assertEquals("(integer) 50", cli("TTL", "cli:ex"));
        assertEquals("OK", cli("SET", "cli:px", "v", "PX", "60"));
        Thread.sleep(150);
        assertEquals("(nil)", cli("GET", "cli:px"), "expired by PX");
        assertEquals("(integer) -2", cli("TTL", "cli:px"));
        assertEquals("1) \"alpha\"\n2) (nil)\n3) \"2\"", cli("MGET", "cli:a", "cli:none", "cli:n"));
        assertEquals("(integer) 2", cli("DEL", "cli:a", "cli:n", "cli:none"));
        assertTrue(cli("INCR", "cli:ex").startsWith("(error) ERR value is not an integer"), "error reply shown");
        assertTrue(cli("NOPE", "x").startsWith("(error) ERR unknown command 'NOPE'"));
        assertTrue(cli("GET").startsWith("(error) ERR wrong number of arguments for 'get' command"));
    }

    /** redis-cli reading commands from a pipe sends them one after another on one connection. */
    @Test
    void redisCliFromStdin() throws Exception {
        java.nio.file.Path input = java.nio.file.Files.createTempFile("cli", ".txt");
        try {
            java.nio.file.Files.writeString(input, "SET pipe:k 41\nINCR pipe:k\nGET pipe:k\n");
            RedisTools.Result r = RedisTools.run(Duration.ofSeconds(10), "sh", "-c",
                    RedisTools.require("redis-cli") + " -h 127.0.0.1 -p " + port + " < " + input);
            assertEquals(0, r.exitCode(), r.output());
            assertEquals("OK\n42\n42", r.output().strip());
        } finally {
            java.nio.file.Files.delete(input);
        }
    }

    @Test
    void shortRedisBenchmark() throws Exception {
        RedisTools.Result r = RedisTools.run(Duration.ofSeconds(40), RedisTools.require("redis-benchmark"),
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-n", "20000", "-c", "20", "-P", "16",
                "-t", "get,set", "-q");
        String output = r.output();
        assertEquals(0, r.exitCode(), output);
        String lower = output.toLowerCase(java.util.Locale.ROOT);
        assertTrue(!lower.contains("error") && !lower.contains("warning"), "redis-benchmark complained:\n" + output);
        Pattern line = Pattern.compile("(SET|GET): ([0-9.]+) requests per second");
        Matcher m = line.matcher(output);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            seen.add(m.group(1));
            double rps = Double.parseDouble(m.group(2));
            if (!(rps > 0)) {
                fail("no throughput for " + m.group(1) + ":\n" + output);
            }
            System.out.println("mini-redis redis-benchmark " + m.group(0));
        }
        assertEquals(List.of("SET", "GET"), seen, output);
        // redis-benchmark without -r sets the literal key, with a 3-byte value (-d 3)
        assertEquals("(integer) 3", cli("STRLEN", "key:__rand_int__"));
    }
}
