package io.polyloop.scheduler.net;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP API over a real backend, built through the plain-Java entry point. One subclass per backend (and, as they
 * arrive, per strategy), as Netty's testsuite does per transport.
 */
@Timeout(60)
abstract class TcpRuntimeSuite {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private IoRuntime rt;

    /** @return a new instance of the backend under test */
    protected abstract IoBackendProvider newProvider();

    /** @return the settings that select the strategy under test (the backend is added) */
    protected Map<String, Object> strategySettings() {
        return Map.of();
    }

    private IoRuntime newRuntime() {
        IoBackendProvider p = newProvider();
        return IoRuntime.builder().provider(p).properties(strategySettings()).backend(p.name()).build();
    }

    @BeforeEach
    void start() {
        rt = newRuntime();
    }

    @AfterEach
    void stop() {
        assertTrue(rt.close(Duration.ofSeconds(10)), "runtime did not terminate");
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void theDriverIsOpenedOnFirstIoOnly() throws Exception {
        assertEquals("none", rt.info().loops().get(0).backend());
        assertEquals(newProvider().name(), rt.info().backend());
        try (EchoServer server = new EchoServer(rt)) {
            assertEquals(newProvider().name(), rt.info().loops().get(0).backend());
            assertTrue(server.address().getPort() > 0);
        }
    }

    @Test
    void echoRoundTripWithHeapAndDirectBuffers() throws Exception {
        try (EchoServer server = new EchoServer(rt)) {
            TcpStream client = await(rt.connect(server.address()));
            assertEquals(server.address(), client.remoteAddress());
            await(client.write(ByteBuffer.wrap("hello ".getBytes()), ByteBuffer.wrap("polyloop".getBytes())));
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            while (in.position() < 14) {
                assertTrue(await(client.read(in)) > 0);
            }
            in.flip();
            byte[] got = new byte[in.remaining()];
            in.get(got);
            assertEquals("hello polyloop", new String(got));
            await(client.closeAsync());
            assertTrue(!client.isOpen());
        }
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        try (EchoServer server = new EchoServer(rt)) {
            int connections = 100;
            List<CompletableFuture<byte[]>> results = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            Random random = new Random(1);
            for (int i = 0; i < connections; i++) {
                byte[] payload = new byte[8 * 1024 + i];
                random.nextBytes(payload);
                sent.add(payload);
                results.add(rt.connect(server.address()).thenCompose(c -> exchange(c, payload)).toCompletableFuture());
            }
            for (int i = 0; i < connections; i++) {
                assertArrayEquals(sent.get(i), results.get(i).get(30, TimeUnit.SECONDS), "connection " + i);
            }
        }
    }

    /** Writes {@code payload}, reads the same number of bytes back, closes. */
    private static CompletionStage<byte[]> exchange(TcpStream c, byte[] payload) {
        ByteBuffer in = ByteBuffer.allocate(payload.length);
        return c.write(ByteBuffer.wrap(payload)).thenCompose(v -> readFully(c, in)).thenApply(buf -> {
            c.close();
            return buf.array();
        });
    }

    private static CompletionStage<ByteBuffer> readFully(TcpStream c, ByteBuffer in) {
        if (!in.hasRemaining()) {
            return CompletableFuture.completedFuture(in);
        }
        return c.read(in).thenCompose(n -> {
            if (n < 0) {
                throw new IllegalStateException("EOF with " + in.remaining() + " bytes missing");
            }
            return readFully(c, in);
        });
    }

    @Test
    void largeWriteArrivesByteExact() throws Exception {
        byte[] payload = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        TcpListener listener = await(rt.listen(new InetSocketAddress(LOOPBACK, 0)));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(rt.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        Task<Void> written = client.write(ByteBuffer.wrap(payload));
        ByteBuffer received = await(readFully(server, ByteBuffer.allocate(payload.length)));
        await(written);
        assertEquals(crc(payload), crc(received.array()));
        await(client.closeAsync());
        await(server.closeAsync());
        await(listener.closeAsync());
        assertEquals(0, await(rt.submit(TcpRuntimeSuite::stagingBuffersInUse)),
                "staging buffers not returned to the loop's pool");
    }

    /** Runs on a loop: the direct staging buffers its streams hold (a leak check). */
    private static int stagingBuffersInUse() {
        return ((io.polyloop.scheduler.loop.LoopThread) Thread.currentThread()).loop().buffers().outstanding();
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void halfCloseLetsThePeerReplyAfterEndOfStream() throws Exception {
        TcpListener listener = await(rt.listen(new InetSocketAddress(LOOPBACK, 0)));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(rt.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        await(client.write(ByteBuffer.wrap("question".getBytes())));
        await(client.shutdownOutput());
        ByteBuffer in = ByteBuffer.allocate(64);
        int n;
        while ((n = await(server.read(in))) > 0) {
            // until end of stream
        }
        assertEquals(-1, n);
        assertEquals("question", new String(in.array(), 0, in.position()));
        await(server.write(ByteBuffer.wrap("answer".getBytes())));
        server.close();
        ByteBuffer reply = ByteBuffer.allocate(64);
        while (await(client.read(reply)) > 0) {
            // until the server's close
        }
        assertEquals("answer", new String(reply.array(), 0, reply.position()));
        listener.close();
    }

    @Test
    void connectionRefusedIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> rt.connect(new InetSocketAddress(LOOPBACK, port)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, e.getCause());
    }

    @Test
    void cancelledReadLosesNoBytes() throws Exception {
        TcpListener listener = await(rt.listen(new InetSocketAddress(LOOPBACK, 0)));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(rt.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        Task<Integer> pending = server.read(ByteBuffer.allocate(16));
        Thread.sleep(50);
        assertTrue(pending.cancel());
        assertEquals(Task.Status.CANCELLED, pending.status());
        await(client.write(ByteBuffer.wrap("after cancel".getBytes())));
        ByteBuffer in = ByteBuffer.allocate(64);
        while (in.position() < 12) {
            assertTrue(await(server.read(in)) > 0);
        }
        assertEquals("after cancel", new String(in.array(), 0, in.position()));
        listener.close();
    }

    @Test
    void acceptAfterTheListenerClosedFails() throws Exception {
        TcpListener listener = await(rt.listen(new InetSocketAddress(LOOPBACK, 0)));
        Task<TcpStream> pending = listener.accept();
        await(listener.closeAsync());
        assertTrue(pending.isDone());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> listener.accept().get(5, TimeUnit.SECONDS));
        assertInstanceOf(ClosedChannelException.class, e.getCause());
    }

    @Test
    void closingTheRuntimeFromInsideACompletionCallbackIsSafe() throws Exception {
        IoRuntime local = newRuntime();
        TcpListener listener = await(local.listen(new InetSocketAddress(LOOPBACK, 0)));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(local.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        AtomicReference<Boolean> closedInCallback = new AtomicReference<>();
        Task<Integer> read = server.read(ByteBuffer.allocate(8));
        read.whenComplete((n, e) -> {
            server.close(); // close a stream and the whole runtime from inside the callback
            closedInCallback.set(local.close(Duration.ofSeconds(5)));
        });
        client.write(ByteBuffer.wrap("x".getBytes()));
        local.terminated().get(10, TimeUnit.SECONDS);
        assertEquals(Boolean.FALSE, closedInCallback.get(), "on the loop close returns without waiting");
        assertEquals(0, local.info().loops().get(0).handles(), "every handle closed");
    }

    @Test
    void aDriverChangeMovesLiveConnectionsWithoutLosingBytes() throws Exception {
        PolyloopRuntime prt = (PolyloopRuntime) rt;
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(3).nextBytes(payload);
        TcpListener listener = await(rt.listen(new InetSocketAddress(LOOPBACK, 0)));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(rt.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        Task<Void> written = client.write(ByteBuffer.wrap(payload));
        CompletableFuture<ByteBuffer> received = readFully(server, ByteBuffer.allocate(payload.length))
                .toCompletableFuture();
        for (int ring : new int[] {512, 64, 1024}) { // each change reopens the driver mid-stream
            Map<String, Object> changed = new java.util.HashMap<>(strategySettings()); // a complete configuration
            changed.put(RuntimeSettings.RING_SIZE, ring);
            assertTrue(prt.applyProperties(changed));
            Thread.sleep(5);
        }
        await(written);
        assertEquals(crc(payload), crc(received.get(20, TimeUnit.SECONDS).array()));
        assertEquals(1024, rt.info().settings().ringSize());
        listener.close();
    }

    /** Accepts chained from inside the previous accept's callback, with connections already queued. */
    @Test
    void acceptsAndReadsReissuedFromTheirOwnCallbacksServeQueuedWork() throws Exception {
        TcpListener listener = await(rt.listen(new InetSocketAddress(LOOPBACK, 0)));
        int clients = 32;
        List<java.net.Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) { // queued in the backlog before the first accept
            java.net.Socket s = new java.net.Socket(LOOPBACK, listener.localAddress().getPort());
            s.getOutputStream().write(new byte[] {(byte) i, (byte) i});
            sockets.add(s);
        }
        CompletableFuture<Integer> bytes = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
        acceptChain(listener, clients, total, bytes);
        assertEquals(2 * clients, bytes.get(20, TimeUnit.SECONDS));
        for (java.net.Socket s : sockets) {
            s.close();
        }
        listener.close();
    }

    private static void acceptChain(TcpListener listener, int remaining, java.util.concurrent.atomic.AtomicInteger total,
                                    CompletableFuture<Integer> done) {
        if (remaining == 0) {
            return;
        }
        listener.accept().whenComplete((stream, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            acceptChain(listener, remaining - 1, total, done);
            readOneByteAtATime(stream, total, done, 2);
        });
    }

    private static void readOneByteAtATime(TcpStream stream, java.util.concurrent.atomic.AtomicInteger total,
                                           CompletableFuture<Integer> done, int left) {
        if (left == 0) {
            stream.close();
            return;
        }
        stream.read(ByteBuffer.allocate(1)).whenComplete((n, e) -> {
            if (e != null || n != 1) {
                done.completeExceptionally(e != null ? e : new IllegalStateException("read " + n));
                return;
            }
            if (total.incrementAndGet() == 64) {
                done.complete(64);
            }
            readOneByteAtATime(stream, total, done, left - 1); // the second byte is already there
        });
    }

    /** The backend in use goes away (its bundle stops): the loop moves to another provider live. */
    @Test
    void losingTheBackendInUseMovesTheLoopToAnother() throws Exception {
        CountingProvider first = new CountingProvider(newProvider());
        CountingProvider second = new CountingProvider(newProvider());
        var registry = new io.polyloop.scheduler.runtime.BackendRegistry(List.of(first, second));
        PolyloopRuntime local = io.polyloop.scheduler.di.Runtimes.create(RuntimeSettings.defaults(), registry,
                io.polyloop.scheduler.runtime.Ownership.CALLER);
        try (EchoServer server = new EchoServer(local)) {
            TcpStream client = await(local.connect(server.address()));
            assertEquals("before", new String(await(echoOnce(client, "before"))));
            CountingProvider inUse = first.opens.get() == 1 ? first : second;
            CountingProvider other = inUse == first ? second : first;
            assertEquals(0, other.opens.get());
            registry.remove(inUse);
            local.onProviderRemoved(inUse);
            assertEquals("moved", new String(await(echoOnce(client, "moved"))));
            assertEquals(1, other.opens.get(), "the loop opened a driver from the remaining provider");
            registry.remove(other);
            local.onProviderRemoved(other); // nothing left: the loop keeps its driver and says so
            assertEquals("after", new String(await(echoOnce(client, "after"))));
        } finally {
            assertTrue(local.close(Duration.ofSeconds(10)));
        }
    }

    private static CompletionStage<byte[]> echoOnce(TcpStream c, String text) {
        return c.write(ByteBuffer.wrap(text.getBytes()))
                .thenCompose(v -> readFully(c, ByteBuffer.allocate(text.length())))
                .thenApply(ByteBuffer::array);
    }

    @Test
    void unresolvedAddressesAreRejected() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> rt.connect(InetSocketAddress.createUnresolved("example.invalid", 80)));
        assertTrue(e.getMessage().contains("unresolved"));
    }

    @Test
    void theBuilderRejectsAnUnknownBackendWithWhatIsAccepted() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> IoRuntime.builder().provider(newProvider()).backend("nosuchbackend").build());
        assertTrue(e.getMessage().contains("'nosuchbackend' is not installed")
                && e.getMessage().contains(newProvider().name()), e.getMessage());
    }

}
