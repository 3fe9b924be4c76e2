package io.polyloop.example.echo;

import io.polyloop.api.IoRuntime;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.RuntimeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The echo server on a real runtime built with {@link IoRuntime#builder()} (impl-scheduler and impl-epoll, test
 * dependencies), with plain blocking sockets as clients on the test thread, never on a loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerTest {
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final int IO_TIMEOUT_MS = 10_000;

    private static IoRuntime runtime;

    @BeforeAll
    static void buildRuntime() {
        assumeTrue(ServiceLoader.load(RuntimeFactory.class).findFirst().isPresent(),
                "no polyloop runtime core (io.polyloop:impl-scheduler) on the test class path: echo tests skipped");
        assumeTrue(ServiceLoader.load(IoBackendProvider.class).findFirst().isPresent(),
                "no polyloop backend (io.polyloop:impl-epoll) on the test class path: echo tests skipped");
        runtime = IoRuntime.builder().build();
    }

    @AfterAll
    static void closeRuntime() {
        if (runtime != null) {
            assertTrue(runtime.close(java.time.Duration.ofSeconds(10)), "runtime did not close within 10 s");
        }
    }

    private static EchoServer start() throws Exception {
        return EchoServer.start(runtime, LOOPBACK_ANY_PORT).get(10, TimeUnit.SECONDS);
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, IO_TIMEOUT_MS);
        s.setSoTimeout(IO_TIMEOUT_MS);
        return s;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "the echo server closed the connection early");
        return b;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void echoesAndClosesAtEndOfStream() throws Exception {
        EchoServer server = start();
        try (Socket s = connect(server.localAddress())) {
            assertEquals("127.0.0.1", server.localAddress().getAddress().getHostAddress());
            assertTrue(server.localAddress().getPort() > 0);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (String line : new String[] {"hello\n", "polyloop\n", "x"}) {
                byte[] msg = line.getBytes(StandardCharsets.UTF_8);
                out.write(msg);
                out.flush();
                assertArrayEquals(msg, readExactly(in, msg.length));
            }
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the server should close its side after our end of stream");
            await(() -> server.connectionCount() == 0, "the server forgets the finished connection");
        } finally {
            server.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void echoesAMegabyteWrittenAndReadConcurrently() throws Exception {
        EchoServer server = start();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket s = connect(server.localAddress())) {
            byte[] payload = new byte[1 << 20];
            new Random(42).nextBytes(payload);
            Future<?> written = writer.submit(() -> {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < payload.length; off += 7919) { // odd chunks: partial reads and writes
                    out.write(payload, off, Math.min(7919, payload.length - off));
                }
                out.flush();
                s.shutdownOutput();
                return null;
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream(payload.length);
            s.getInputStream().transferTo(got); // until the server closes after our FIN
            written.get(10, TimeUnit.SECONDS);
            assertEquals(payload.length, got.size());
            assertArrayEquals(payload, got.toByteArray(), "bytes lost or reordered");
        } finally {
            writer.shutdownNow();
            server.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesManyConnectionsAtOnce() throws Exception {
        EchoServer server = start();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                sockets.add(connect(server.localAddress()));
            }
            await(() -> server.connectionCount() == 32, "32 connections accepted (connections are all queued"
                    + " before the server accepts the second: every one must be accepted)");
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < sockets.size(); i++) {
                    sockets.get(i).getOutputStream().write(("c" + i + "r" + round + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                for (int i = 0; i < sockets.size(); i++) {
                    byte[] expected = ("c" + i + "r" + round + "\n").getBytes(StandardCharsets.US_ASCII);
                    assertArrayEquals(expected, readExactly(sockets.get(i).getInputStream(), expected.length));
                }
            }
            assertEquals(32, server.connectionCount());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Regression test for a runtime bug met by this example: an accept issued from inside the completion of the
     * previous accept missed connections already queued (16 to 20 of 32 accepted, then nothing until a new connection
     * arrived). Fixed in impl-scheduler by 4f8d263 ("Fix re-arming I/O from inside its own callback").
     */
    @Test
    void acceptChainedInsideAcceptCompletionSeesQueuedConnections() throws Exception {
        io.polyloop.api.net.TcpListener listener = runtime.listen(LOOPBACK_ANY_PORT).get(10, TimeUnit.SECONDS);
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                sockets.add(connect(listener.localAddress()));
            }
            acceptChained(listener, accepted);
            await(() -> accepted.get() == 32, "32 queued connections accepted by chained accepts");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            listener.close();
        }
    }

    private static void acceptChained(io.polyloop.api.net.TcpListener listener,
                                      java.util.concurrent.atomic.AtomicInteger accepted) {
        listener.accept().whenComplete((stream, failure) -> {
            if (failure == null) {
                accepted.incrementAndGet();
                stream.close();
                acceptChained(listener, accepted);
            }
        });
    }

    @Test
    void closeStopsListeningAndClosesConnections() throws Exception {
        EchoServer server = start();
        InetSocketAddress address = server.localAddress();
        try (Socket s = connect(address)) {
            s.getOutputStream().write(1);
            assertEquals(1, s.getInputStream().read());
            server.closeAsync().get(10, TimeUnit.SECONDS);
            assertFalse(server.isOpen());
            // The server closed our connection: end of stream or a reset, never a hang.
            try {
                assertEquals(-1, s.getInputStream().read());
            } catch (IOException reset) {
                // also fine
            }
        }
        assertThrows(ConnectException.class, () -> connect(address).close(), "still listening after close");
    }

    @Test
    void componentBindsRebindsKeepsServingOnBadConfigAndStops() throws Exception {
        EchoComponent component = new EchoComponent(runtime, Map.of("bindAddress", "127.0.0.1", "port", 0));
        EchoServer first = component.server().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNotNull(first, "the component did not start its server");
        roundTrip(first.localAddress());

        component.modified(Map.of("port", 70000)); // rejected: still the same server
        assertSame(first, component.server().toCompletableFuture().get(10, TimeUnit.SECONDS));
        roundTrip(first.localAddress());

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        component.modified(Map.of("port", String.valueOf(port)));
        EchoServer second = component.server().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNotNull(second, "the component did not rebind");
        assertFalse(first.isOpen(), "the old listener is still open after a rebind");
        assertEquals(port, second.localAddress().getPort());
        roundTrip(second.localAddress());

        component.deactivate();
        assertEquals(null, component.server().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertFalse(second.isOpen());
        assertThrows(ConnectException.class, () -> connect(second.localAddress()).close());
    }

    private static void roundTrip(InetSocketAddress address) throws IOException {
        try (Socket s = connect(address)) {
            byte[] msg = "ping".getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(msg);
            assertArrayEquals(msg, readExactly(s.getInputStream(), msg.length));
        }
    }

    @Test
    void bindFailureIsReported() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<EchoServer> f =
                    EchoServer.start(runtime, new InetSocketAddress("127.0.0.1", taken.getLocalPort()));
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> f.get(10, TimeUnit.SECONDS));
            assertNotNull(e.getCause());
        }
    }
}
