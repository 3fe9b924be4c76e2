package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.net.SpreadTcpListener;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread-per-core listener opened on one loop gains a SO_REUSEPORT socket on each loop a live change of
 * {@code threads} adds: connections then arrive on the new loops too (counted by the loop that runs the accept's
 * continuation). A client connects without pause during each change: no connection is refused or lost. Shrinking
 * moves the retired loops' sockets to the loop that stays (their backlog with them); growing again adds sockets on
 * the new loops only. A single-threaded listener reaches the loops of a later thread-per-core by hand-off.
 */
@Timeout(120)
class ListenerGrowsWithThreadsTest {
    private static final int CONNECTIONS = 60;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void growingThreadsSpreadsNewConnectionsOverTheNewLoops(String backend) throws Exception {
        PolyloopRuntime rt = runtime("thread-per-core", backend);
        try {
            Map<String, AtomicInteger> perLoop = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Throwable> serverFailures = new ConcurrentLinkedQueue<>();
            TcpListener listener = listenAndServe(rt, perLoop, serverFailures);
            InetSocketAddress address = listener.localAddress();

            connectDuring(address, () -> assertTrue(rt.applyProperties(StrategySwapTest.conf("thread-per-core", 3,
                    backend)), () -> rt.info().lastRejection()));
            assertEquals(3, ((SpreadTcpListener) listener).members(), "a socket on each of the 3 loops");
            Set<String> grown = loopNames(rt);
            perLoop.clear();
            connectMany(address, CONNECTIONS);
            assertEquals(grown, perLoop.keySet(), "connections arrive on every loop: " + counts(perLoop));

            // shrink: the retired loops' sockets move to loop 0 with their backlog; grow: only the new loops gain one
            connectDuring(address, () -> assertTrue(rt.applyProperties(StrategySwapTest.conf("thread-per-core", 1,
                    backend)), () -> rt.info().lastRejection()));
            assertEquals(3, ((SpreadTcpListener) listener).members(), "the retired loops' sockets moved, not closed");
            perLoop.clear();
            connectMany(address, 20);
            assertEquals(loopNames(rt), perLoop.keySet(), "one loop serves every socket: " + counts(perLoop));
            connectDuring(address, () -> assertTrue(rt.applyProperties(StrategySwapTest.conf("thread-per-core", 3,
                    backend)), () -> rt.info().lastRejection()));
            assertEquals(5, ((SpreadTcpListener) listener).members(), "3 sockets on loop 0, one on each new loop");
            perLoop.clear();
            connectMany(address, CONNECTIONS);
            assertEquals(loopNames(rt), perLoop.keySet(), "connections arrive on the new loops: " + counts(perLoop));
            assertTrue(serverFailures.isEmpty(), () -> "server side failed: " + serverFailures);
            System.out.printf("listener grows with threads [%s]: last %d connections per loop %s%n", backend,
                    CONNECTIONS, counts(perLoop));
            listener.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)), () -> SwapFixture.loopsAndStacks(rt));
        }
    }

    /**
     * A single-threaded listener has one socket without SO_REUSEPORT (a second bind of its port still fails), which
     * hands connections to the loops of the strategy of the moment: after a live change to thread-per-core/3 they
     * reach all three loops (one hop per connection to loops 1 and 2), after the change back to single-threaded the
     * one loop again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void singleThreadedListenerReachesTheLoopsOfALaterStrategy(String backend) throws Exception {
        PolyloopRuntime rt = runtime("single-threaded", backend);
        try {
            Map<String, AtomicInteger> perLoop = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Throwable> serverFailures = new ConcurrentLinkedQueue<>();
            TcpListener listener = listenAndServe(rt, perLoop, serverFailures);
            InetSocketAddress address = listener.localAddress();
            assertThrows(Exception.class, () -> SwapFixture.await(rt.listen(address)),
                    "no SO_REUSEPORT: a second listener of the port cannot bind");
            connectMany(address, 10);
            assertEquals(loopNames(rt), perLoop.keySet(), "one loop: " + counts(perLoop));

            connectDuring(address, () -> assertTrue(rt.applyProperties(StrategySwapTest.conf("thread-per-core", 3,
                    backend)), () -> rt.info().lastRejection()));
            assertEquals(1, ((SpreadTcpListener) listener).members(), "still the one socket");
            perLoop.clear();
            connectMany(address, CONNECTIONS);
            assertEquals(3, loopNames(rt).size());
            assertEquals(loopNames(rt), perLoop.keySet(), "connections reach every loop: " + counts(perLoop));
            System.out.printf("single-threaded listener after -> tpc/3 [%s]: %d connections per loop %s%n",
                    backend, CONNECTIONS, counts(perLoop));

            connectDuring(address, () -> assertTrue(rt.applyProperties(StrategySwapTest.conf("single-threaded", 1,
                    backend)), () -> rt.info().lastRejection()));
            perLoop.clear();
            connectMany(address, 10);
            assertEquals(loopNames(rt), perLoop.keySet(), "one loop again: " + counts(perLoop));
            assertTrue(serverFailures.isEmpty(), () -> "server side failed: " + serverFailures);
            listener.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)), () -> SwapFixture.loopsAndStacks(rt));
        }
    }

    /** A runtime of one loop under {@code strategy} over {@code backend}, which may be swapped for the other. */
    private static PolyloopRuntime runtime(String strategy, String backend) {
        Assumptions.assumeTrue(backend.equals("epoll") || new IoUringBackendProvider().probe().isAvailable(),
                "io_uring not available here");
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(),
                new IoUringBackendProvider()));
        return Runtimes.create(RuntimeSettings.parse(StrategySwapTest.conf(strategy, 1, backend)), registry,
                Ownership.CALLER);
    }

    private static TcpListener listenAndServe(PolyloopRuntime rt, Map<String, AtomicInteger> perLoop,
                                              ConcurrentLinkedQueue<Throwable> failures) throws Exception {
        TcpListener listener = SwapFixture.await(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0)));
        acceptNext(listener, perLoop, failures);
        return listener;
    }

    private static Set<String> loopNames(PolyloopRuntime rt) {
        return rt.info().loops().stream().map(l -> l.name()).collect(Collectors.toSet());
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> perLoop) {
        Map<String, Integer> m = new TreeMap<>();
        perLoop.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Serves each connection with one echoed byte, counting connections by the loop the accept continues on. */
    private static void acceptNext(TcpListener l, Map<String, AtomicInteger> perLoop,
                                   ConcurrentLinkedQueue<Throwable> failures) {
        l.accept().whenComplete((s, e) -> {
            if (e != null) {
                if (l.isOpen()) {
                    failures.add(e);
                }
                return;
            }
            EventLoop here = LoopThread.currentLoop();
            perLoop.computeIfAbsent(here == null ? "not a loop" : here.name(), k -> new AtomicInteger())
                    .incrementAndGet();
            acceptNext(l, perLoop, failures);
            echoOneByte(s, failures);
        });
    }

    private static void echoOneByte(TcpStream s, ConcurrentLinkedQueue<Throwable> failures) {
        ByteBuffer b = ByteBuffer.allocate(1);
        s.read(b).thenCompose(n -> {
            b.flip();
            return s.write(b);
        }).whenComplete((v, e) -> {
            if (e != null) {
                failures.add(e);
            }
            s.close();
        });
    }

    /** Runs {@code change} while a client connects and echoes a byte without pause; every connection must work. */
    private static void connectDuring(InetSocketAddress address, Runnable change) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        Thread client = new Thread(() -> {
            while (!stop.get()) {
                try {
                    roundTrip(address, done.get());
                    done.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e);
                    return;
                }
            }
        }, "client during change");
        client.start();
        try {
            while (done.get() < 3 && failures.isEmpty()) {
                Thread.sleep(1); // the change begins while connections are flowing
            }
            change.run();
            int after = done.get();
            while (done.get() < after + 3 && failures.isEmpty()) {
                Thread.sleep(1);
            }
        } finally {
            stop.set(true);
            client.join(20_000);
        }
        assertTrue(failures.isEmpty(), () -> "a connection failed around the change: " + failures);
        assertTrue(done.get() >= 6, "connections completed around the change: " + done.get());
    }

    private static void connectMany(InetSocketAddress address, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            roundTrip(address, i);
        }
    }

    private static void roundTrip(InetSocketAddress address, int i) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(i & 0x7f);
            InputStream in = s.getInputStream();
            assertEquals(i & 0x7f, in.read(), "echoed byte");
        }
    }
}
