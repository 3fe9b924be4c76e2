package io.polyloop.scheduler.net;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Task;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.file.AsyncFile;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.api.net.UdpSocket;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.scheduler.buffer.DirectMemory;
import io.polyloop.scheduler.buffer.SharedBufferPool;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import io.polyloop.spi.IoBackendProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link DirectMemoryStarvationSuite}, started with a small {@code -XX:MaxDirectMemorySize}: one
 * single-threaded loop, {@value #CONNECTIONS} connections. With the direct memory all taken but {@value #SPARE} bytes,
 * connection 0's pooled read waits (its loan cannot be had), fails alone after the setting {@code starvedReadMillis}
 * (started at {@value #STARTED_STARVED_MILLIS} ms and shortened live while the read waits, so failing within the test's
 * 20 s shows the running loop took the change) with an IOException naming the limit, while the other connections
 * echo through their own buffers on the same loop (and their reads into heap buffers, which need a new staging
 * buffer, fail alone with such an IOException, and so do a heap write, with its stream's writes, a file read, a
 * UDP receive and send); once the memory is freed a new read gets the same bytes (none was
 * lost) and everything echoes again. Prints {@code SCENARIO OK} and exits 0, or prints why and exits 1.
 */
final class StarvedReadScenario {
    static final int CONNECTIONS = 16;
    /** Connections 1 to this one (excluded) echo; the last one is the heap writer of step 2c. */
    private static final int ECHOING = CONNECTIONS - 1;
    static final int SPARE = 1024;
    private static final int MESSAGE = 100;
    private static final int MAX = 64 * 1024;
    /** The runtime starts with this {@code starvedReadMillis}, far beyond the 20 s the scenario waits for a result. */
    static final int STARTED_STARVED_MILLIS = 600_000;

    private final TcpStream[] servers = new TcpStream[CONNECTIONS];
    private final SocketChannel[] clients = new SocketChannel[CONNECTIONS];
    private final ByteBuffer[] serverBuffers = new ByteBuffer[CONNECTIONS];
    private final ByteBuffer clientBuffer = ByteBuffer.allocateDirect(MESSAGE);

    private StarvedReadScenario() {
    }

    public static void main(String[] args) {
        try {
            new StarvedReadScenario().run(provider(args[0]), Integer.parseInt(args[1]),
                    args[0].equals("epoll") || args[0].equals("kqueue-macos"));
            System.out.println("SCENARIO OK");
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("SCENARIO FAILED");
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static IoBackendProvider provider(String backend) {
        switch (backend) {
            case "epoll": return new EpollBackendProvider();
            case "io_uring": return new IoUringBackendProvider();
            case "kqueue-macos": return EmulatedKqueueProviders.macos();
            case "iocp": return EmulatedIocp.provider();
            default: throw new IllegalArgumentException("backend " + backend
                    + "; accepted: epoll, io_uring, kqueue-macos, iocp");
        }
    }

    /**
     * @param noStagingYet the backend reads into direct buffers in place, so the warm-up left the loop no staging
     *        buffer: the heap write of step 2c needs a new one and must fail
     */
    private void run(IoBackendProvider provider, int starvedMillis, boolean noStagingYet) throws Exception {
        Map<String, Object> settings = Map.of(RuntimeSettings.BACKEND, provider.name(),
                RuntimeSettings.LEAK_SAMPLING, 1, RuntimeSettings.STARVED_READ_MILLIS, STARTED_STARVED_MILLIS);
        try (IoRuntime rt = IoRuntime.builder().provider(provider).properties(settings).build()) {
            SharedBufferPool pool = (SharedBufferPool) rt.buffers();
            TcpListener listener = await(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    CONNECTIONS));
            for (int i = 0; i < CONNECTIONS; i++) {
                Task<TcpStream> accepted = listener.accept();
                clients[i] = SocketChannel.open(listener.localAddress());
                servers[i] = await(accepted);
                serverBuffers[i] = ByteBuffer.allocateDirect(4096);
            }
            listener.close();
            echoOthers(0); // the loop's staging buffers exist before the memory runs out
            echoOthers(1);

            Path file = null;
            if (provider.name().equals("epoll") || provider.name().equals("io_uring")) {
                file = Files.createTempFile("starved", ".bin");
                file.toFile().deleteOnExit();
                Files.write(file, bytes(message(0, 5)));
            }
            List<ByteBuffer> hog = hogAllBut(SPARE);
            check(!DirectMemory.hasRoom(LoanSizer.MIN), "the hog left room for a loan: used " + DirectMemory.used()
                    + " of " + DirectMemory.limit());

            // 1. no memory for its loan: the read waits, the loop goes on
            long start = System.nanoTime();
            Task<PooledBuffer> starved = servers[0].read(pool, MAX);
            send(0, 42);
            Thread.sleep(300);
            check(!starved.isDone(), "a read with no memory for its loan waits: " + starved);
            check(pool.refusals() > 0, "the pool refused the loan");
            // 1b. the starved-read limit shortened live: the waiting read fails after the new one, not the old
            Map<String, Object> shorter = new HashMap<>(settings);
            shorter.put(RuntimeSettings.STARVED_READ_MILLIS, starvedMillis);
            check(((PolyloopRuntime) rt).applyProperties(shorter), "a live change of starvedReadMillis: "
                    + rt.info().lastRejection());

            // 2. the other connections of the loop echo meanwhile
            for (int round = 2; round < 5; round++) {
                echoOthers(round);
            }
            // 2b. a read into a heap buffer that needs a new staging buffer fails alone, naming the limit
            int failed = 0;
            for (int i = 1; i < ECHOING; i++) {
                Task<Integer> heap = servers[i].read(ByteBuffer.allocate(MESSAGE));
                try {
                    throw new AssertionError("a read with nothing sent got " + heap.get(2, TimeUnit.SECONDS));
                } catch (java.util.concurrent.TimeoutException waiting) { // it had a staging buffer: it waits
                    check(heap.cancel(true), "cancel of a waiting heap read");
                } catch (ExecutionException e) {
                    failed++;
                    String m = String.valueOf(e.getCause().getMessage());
                    check(e.getCause() instanceof IOException && m.contains("direct memory")
                            && m.contains("-XX:MaxDirectMemorySize="), "an IOException naming the limit: " + e);
                }
            }
            check(failed > 0, "no heap read needed a new staging buffer");
            stagingSettled(rt); // a cancelled read's staging buffer is back once its cancel completed (IOCP: later)
            echoOthers(5);

            // 2c. a write from a heap buffer that needs a new staging buffer fails its stream's writes alone
            int w = ECHOING;
            try {
                await(servers[w].write(message(w, 9)));
                check(!noStagingYet, "a heap write got a staging buffer while the memory was taken");
                clientBuffer.clear();
                while (clientBuffer.hasRemaining()) {
                    clients[w].read(clientBuffer);
                }
                check(clientBuffer.flip().equals(message(w, 9)), "the heap write that had a staging buffer");
            } catch (ExecutionException e) {
                String m = String.valueOf(e.getCause().getMessage());
                check(e.getCause() instanceof IOException && m.contains("direct memory")
                        && m.contains("-XX:MaxDirectMemorySize="), "an IOException naming the limit: " + e);
            }
            echoOthers(6);

            // 2d. a file read that needs a new staging buffer fails alone (the file API where the backend has files)
            if (file != null) {
                try (AsyncFile f = await(rt.openFile(file, StandardOpenOption.READ))) {
                    ByteBuffer got = ByteBuffer.allocate(MESSAGE);
                    try {
                        await(f.read(got, 0));
                        check(!noStagingYet, "a file read got a staging buffer while the memory was taken");
                        check(got.flip().equals(message(0, 5)), "the file read that had a staging buffer");
                    } catch (ExecutionException e) {
                        String m = String.valueOf(e.getCause().getMessage());
                        check(e.getCause() instanceof IOException && m.contains("direct memory")
                                && m.contains("-XX:MaxDirectMemorySize="), "an IOException naming the limit: " + e);
                    }
                }
            }
            check(await(rt.submit(() -> 42)) == 42, "the loop runs tasks");

            // 3. the starved read fails alone, in time, naming direct memory and its limit
            try {
                starved.toCompletableFuture().get(20, TimeUnit.SECONDS).close();
                throw new AssertionError("a read starved for memory got a loan while the memory was taken");
            } catch (ExecutionException e) {
                check(e.getCause() instanceof IOException, "an IOException, not " + e.getCause());
                String m = e.getCause().getMessage();
                check(m.contains("direct memory") && m.contains("-XX:MaxDirectMemorySize="), "names the limit: " + m);
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            check(waited >= starvedMillis, "failed after " + waited + " ms, before the " + starvedMillis + " ms");
            echoOthers(7);

            // 2e. UDP: a receive and a send that need a new staging buffer fail alone (epoll, io_uring)
            if (file != null) {
                try (UdpSocket a = await(rt.bindUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
                     UdpSocket b = await(rt.bindUdp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))) {
                    udpFailsOrWorks(a.receive(ByteBuffer.allocate(MESSAGE)), noStagingYet, "UDP receive");
                    udpFailsOrWorks(b.send(message(0, 1), a.localAddress()), noStagingYet, "UDP send");
                }
                stagingSettled(rt);
            }

            // 4. the bytes were not lost: once the memory is free, the next read gets them
            Task<PooledBuffer> again = servers[0].read(pool, MAX);
            Thread.sleep(200);
            check(!again.isDone(), "still no memory: the next read waits too");
            hog.clear(); // nobody references the hog: the pool's next refusal asks for the GC that frees it
            try (PooledBuffer loan = await(again)) {
                check(loan.buffer().equals(message(0, 42)), "the bytes sent before the starvation: " + loan.buffer());
            }

            // 5. everything echoes, connection 0 through pooled reads again
            for (int round = 8; round < 10; round++) {
                echoOthers(round);
                send(0, round);
                try (PooledBuffer loan = await(servers[0].read(pool, MAX))) {
                    check(loan.buffer().equals(message(0, round)), "pooled read after recovery");
                }
            }
            check(pool.outstanding() == 0, "loans out at the end: " + pool.outstanding());
            check(pool.leaks() == 0, "loans leaked: " + pool.leaks());
            for (int i = 0; i < CONNECTIONS; i++) {
                clients[i].close();
                servers[i].close();
            }
        }
    }

    /** Connections 1.. send a message each; the server echoes it from its own buffer; the client checks it. */
    private void echoOthers(int round) throws Exception {
        for (int i = 1; i < ECHOING; i++) {
            send(i, round);
            ByteBuffer b = serverBuffers[i].clear().limit(MESSAGE);
            while (b.hasRemaining()) {
                await(servers[i].read(b));
            }
            await(servers[i].write(b.flip()));
            clientBuffer.clear();
            while (clientBuffer.hasRemaining()) {
                if (clients[i].read(clientBuffer) < 0) {
                    throw new AssertionError("connection " + i + " ended");
                }
            }
            check(clientBuffer.flip().equals(message(i, round)), "echo of connection " + i + " round " + round);
        }
    }

    private void send(int connection, int round) throws IOException {
        ByteBuffer m = clientBuffer.clear().put(message(connection, round)).flip();
        while (m.hasRemaining()) {
            clients[connection].write(m);
        }
    }

    /**
     * A UDP operation while the memory is taken: fails with an IOException naming the limit, or (a retained staging
     * buffer) works or waits; it must fail if the loop has no staging buffer.
     */
    private static void udpFailsOrWorks(Task<?> op, boolean mustFail, String what) throws Exception {
        try {
            op.get(1, TimeUnit.SECONDS);
            check(!mustFail, what + " got a staging buffer while the memory was taken");
        } catch (java.util.concurrent.TimeoutException waiting) {
            check(!mustFail, what + " waits with a staging buffer while the memory was taken");
            op.cancel(true);
        } catch (ExecutionException e) {
            String m = String.valueOf(e.getCause().getMessage());
            check(e.getCause() instanceof IOException && m.contains("direct memory")
                    && m.contains("-XX:MaxDirectMemorySize="), what + ": an IOException naming the limit: " + e);
        }
    }

    /** Waits (5 s at most) until the loop's staging buffers are all back in its pool. */
    private static void stagingSettled(IoRuntime rt) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int inUse;
        do {
            Thread.sleep(5);
            inUse = await(rt.submit(() -> ((io.polyloop.scheduler.loop.LoopThread) Thread.currentThread()).loop()
                    .buffers().outstanding()));
        } while (inUse != 0 && System.nanoTime() < deadline);
        check(inUse == 0, inUse + " staging buffers still in use");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static ByteBuffer message(int connection, int round) {
        ByteBuffer m = ByteBuffer.allocate(MESSAGE);
        for (int k = 0; k < MESSAGE; k++) {
            m.put((byte) (connection * 31 + round * 7 + k));
        }
        return m.flip();
    }

    /** Takes the direct memory left but {@code spare} bytes. */
    private static List<ByteBuffer> hogAllBut(long spare) {
        List<ByteBuffer> hog = new ArrayList<>();
        long free;
        while ((free = DirectMemory.limit() - DirectMemory.used() - spare) > 0) {
            hog.add(ByteBuffer.allocateDirect((int) Math.min(free, 1 << 24)));
        }
        return hog;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
