package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under work stealing (two loops or more) the continuations a user chains on a pending read or write run as
 * stealable tasks: the connection stays on its loop, an idle loop runs what was chained. Thread-per-core keeps them
 * on the connection's loop. A stream's bytes reach its reads in order either way. Real sockets on loopback: the peer
 * is a plain blocking {@link Socket}.
 */
@Timeout(60)
class StealableCompletionsTest {
    private static final int CONNECTIONS = 8;
    private IoRuntime rt;

    private IoRuntime runtime(Strategy strategy) {
        rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll")
                .strategy(strategy.configName()).set(RuntimeSettings.THREADS, 2).build();
        return rt;
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    /** Opens {@link #CONNECTIONS} streams from one task, so all live on the loop that ran it; @return that loop */
    private Thread connectAllOnOneLoop(ServerSocket server, List<TcpStream> streams, List<Socket> peers)
            throws Exception {
        InetSocketAddress at = (InetSocketAddress) server.getLocalSocketAddress();
        List<Task<TcpStream>> connects = new ArrayList<>();
        Thread owner = rt.submit(() -> {
            for (int i = 0; i < CONNECTIONS; i++) {
                connects.add(rt.connect(at));
            }
            return Thread.currentThread();
        }).get(10, TimeUnit.SECONDS);
        for (Task<TcpStream> c : connects) {
            peers.add(server.accept());
            streams.add(c.get(10, TimeUnit.SECONDS));
        }
        return owner;
    }

    /** @return the threads that ran the read continuations, each of which keeps its thread busy for a while */
    private Set<Thread> readContinuationThreads(List<TcpStream> streams, List<Socket> peers) throws Exception {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(streams.size());
        for (TcpStream s : streams) {
            s.read(ByteBuffer.allocate(16)).thenAccept(n -> {
                ran.add(Thread.currentThread());
                spinMillis(30); // a busy continuation: the owner cannot run the next one meanwhile
                done.countDown();
            });
        }
        for (Socket p : peers) {
            p.getOutputStream().write(1);
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "read continuations did not all run");
        return ran;
    }

    @Test
    void workStealingReadContinuationsOfABusyLoopAreStolenByTheIdleLoop() throws Exception {
        runtime(Strategy.WORK_STEALING);
        List<TcpStream> streams = new ArrayList<>();
        List<Socket> peers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread owner = connectAllOnOneLoop(server, streams, peers);
            long stealsBefore = totalSteals();
            Set<Thread> ran = readContinuationThreads(streams, peers);
            assertTrue(ran.size() > 1, "every continuation ran on " + ran + " (connections on " + owner.getName()
                    + "): none was stolen");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // counters are published per turn
            while (totalSteals() == stealsBefore && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(totalSteals() > stealsBefore, "the loops' steal counters did not move");
            closeAll(streams, peers);
        }
    }

    @Test
    void threadPerCoreReadContinuationsStayOnTheConnectionsLoop() throws Exception {
        runtime(Strategy.THREAD_PER_CORE);
        List<TcpStream> streams = new ArrayList<>();
        List<Socket> peers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread owner = connectAllOnOneLoop(server, streams, peers);
            assertEquals(Set.of(owner), readContinuationThreads(streams, peers));
            closeAll(streams, peers);
        }
    }

    @Test
    void workStealingWriteContinuationsAreStealableToo() throws Exception {
        runtime(Strategy.WORK_STEALING);
        List<TcpStream> streams = new ArrayList<>();
        List<Socket> peers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread owner = connectAllOnOneLoop(server, streams, peers);
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            CountDownLatch done = new CountDownLatch(streams.size() * 4);
            for (int round = 0; round < 4; round++) {
                for (TcpStream s : streams) {
                    s.write(ByteBuffer.wrap(new byte[] {7})).thenRun(() -> {
                        ran.add(Thread.currentThread());
                        spinMillis(10);
                        done.countDown();
                    });
                }
            }
            assertTrue(done.await(20, TimeUnit.SECONDS));
            assertTrue(ran.size() > 1, "every write continuation ran on " + ran + " (owner " + owner.getName() + ")");
            for (Socket p : peers) {
                byte[] got = p.getInputStream().readNBytes(4);
                assertEquals(4, got.length);
            }
            closeAll(streams, peers);
        }
    }

    /**
     * Continuations that read on, each stolen or not, from whichever loop runs it: the bytes arrive whole and in
     * order. Plus reads issued all at once: read i gets the i-th integer, whatever order the continuations run in.
     */
    @Test
    void workStealingKeepsTheOrderOfAStreamsReads() throws Exception {
        runtime(Strategy.WORK_STEALING);
        int count = 3_000;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpStream s = rt.connect((InetSocketAddress) server.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
            try (Socket peer = server.accept()) {
                Thread writer = new Thread(() -> writeInts(peer, 2 * count), "peer-writer");
                writer.start();
                // a chain: each continuation checks its integer and issues the next read
                Set<Thread> ran = ConcurrentHashMap.newKeySet();
                AtomicReference<String> wrong = new AtomicReference<>();
                CountDownLatch chainDone = new CountDownLatch(1);
                readChain(s, 0, count, ran, wrong, chainDone);
                assertTrue(chainDone.await(30, TimeUnit.SECONDS), "the chain of reads stalled");
                assertNull(wrong.get());
                // then all at once
                List<Task<ByteBuffer>> reads = new ArrayList<>();
                AtomicInteger completed = new AtomicInteger();
                for (int i = 0; i < count; i++) {
                    reads.add(s.readExactly(4));
                    reads.get(i).thenRun(completed::incrementAndGet);
                }
                for (int i = 0; i < count; i++) {
                    assertEquals(count + i, reads.get(i).get(10, TimeUnit.SECONDS).getInt(), "read " + i);
                }
                writer.join(10_000);
                s.close();
                System.out.printf("order test: the chain's continuations ran on %d thread(s)%n", ran.size());
            }
        }
    }

    private void readChain(TcpStream s, int i, int count, Set<Thread> ran, AtomicReference<String> wrong,
                           CountDownLatch done) {
        if (i == count) {
            done.countDown();
            return;
        }
        s.readExactly(4).whenComplete((b, e) -> {
            ran.add(Thread.currentThread());
            if (e != null || b.getInt() != i) {
                wrong.compareAndSet(null, "read " + i + ": " + (e != null ? e : "got another integer"));
                done.countDown();
                return;
            }
            readChain(s, i + 1, count, ran, wrong, done);
        });
    }

    private static void writeInts(Socket peer, int n) {
        try {
            OutputStream raw = peer.getOutputStream();
            DataOutputStream out = new DataOutputStream(raw);
            for (int i = 0; i < n; i++) {
                out.writeInt(i);
                if (i % 97 == 0) {
                    out.flush(); // many small segments, so reads complete one by one
                }
            }
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long totalSteals() {
        return rt.info().steals();
    }

    private static void closeAll(List<TcpStream> streams, List<Socket> peers) throws Exception {
        for (TcpStream s : streams) {
            s.close();
        }
        for (Socket p : peers) {
            p.close();
        }
    }

    private static void spinMillis(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
