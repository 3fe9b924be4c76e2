package io.polyloop.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's, installed by scripts/ensure-redis.sh) on 127.0.0.1 on a free port, without
 * persistence, in a temporary directory; killed by {@link #close()}. Not thread safe.
 */
final class RedisServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;
    private static final String[] LOCATIONS = {"/usr/bin/redis-server", "/usr/local/bin/redis-server"};

    private final Path dir;
    private final int port;
    private final Process process;

    private RedisServerProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static RedisServerProcess start() throws IOException, InterruptedException {
        String binary = null;
        for (String l : LOCATIONS) {
            if (Files.isExecutable(Path.of(l))) {
                binary = l;
            }
        }
        if (binary == null) {
            throw new AssertionError("redis-server is not installed (scripts/ensure-redis.sh installs it; scripts/test.sh"
                    + " runs it first)");
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken between probe and bind
            Path dir = Files.createTempDirectory("polyloop-karaf-redis");
            int port = freePort();
            Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisServerProcess server = new RedisServerProcess(dir, port, p);
            try {
                server.awaitPong();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    int port() {
        return port;
    }

    private void awaitPong() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8));
            }
            if (pings(port)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within " + START_TIMEOUT_MS
                + " ms");
    }

    /** @return true if something on 127.0.0.1:{@code port} answers PING with +PONG */
    static boolean pings(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
