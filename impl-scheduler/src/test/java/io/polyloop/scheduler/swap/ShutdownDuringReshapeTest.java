package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runtime shutdown racing a live change of strategy/threads (and a backend swap): a thread changes the shape
 * without pause (growing makes and starts loops, shrinking retires loops with live connections and timers into
 * others) while the runtime is shut down after a random delay, from a thread off the loops or from a loop. Each
 * round: shutdown completes in time, the changer returns, no thread of the runtime is left, a post after
 * {@code isClosed()} is refused; after all rounds the process holds the same polling/event/socket descriptors as
 * before.
 */
@Timeout(300)
class ShutdownDuringReshapeTest {
    private static final int ROUNDS = 12;
    private static final Object[][] SHAPES = {
            {"thread-per-core", 4, "epoll"}, {"thread-per-core", 1, "epoll"}, {"work-stealing", 3, "epoll"},
            {"single-threaded", 1, "epoll"}, {"work-stealing", 4, "io_uring"}, {"thread-per-core", 2, "epoll"}};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shutdownAndAReshapeInProgressEndCleanly(boolean fromALoop) throws Exception {
        boolean uring = new IoUringBackendProvider().probe().isAvailable();
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(),
                new IoUringBackendProvider()));
        Map<String, Long> fdsBefore = fdKinds();
        for (int round = 0; round < ROUNDS; round++) {
            PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(StrategySwapTest.conf("thread-per-core", 3)),
                    registry, Ownership.CALLER);
            String name = rt.toString().substring(0, rt.toString().indexOf('['));
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(SwapFixture.await(rt.connect(echo.localAddress())));
                rt.schedule(() -> null, Duration.ofMillis(200 + 50 * i)); // timers that travel with a retirement
            }
            AtomicInteger changes = new AtomicInteger();
            Thread changer = new Thread(() -> {
                for (int i = 0; !rt.info().closed(); i++) {
                    Object[] s = SHAPES[i % SHAPES.length];
                    String backend = uring ? (String) s[2] : "epoll";
                    rt.applyProperties(StrategySwapTest.conf((String) s[0], (Integer) s[1], backend));
                    changes.incrementAndGet();
                }
            }, "reshaper");
            changer.start();
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 60));
            boolean closed;
            if (fromALoop) {
                rt.post(() -> rt.close(Duration.ofSeconds(20))); // cannot wait on a loop: returns at once
                closed = rt.terminated().toCompletableFuture().handle((v, e) -> e == null).get(30, TimeUnit.SECONDS);
            } else {
                closed = rt.close(Duration.ofSeconds(30));
            }
            final int r = round;
            assertTrue(closed, () -> "round " + r + ": not terminated; " + SwapFixture.loopsAndStacks(rt));
            changer.join(30_000);
            assertFalse(changer.isAlive(), "round " + round + ": the change did not return after shutdown");
            assertTrue(rt.isClosed());
            assertThrows(RejectedExecutionException.class, () -> rt.post(() -> { }), "a post after isClosed()");
            List<String> left = threadsOf(name);
            assertTrue(left.isEmpty(), "round " + round + ": threads left: " + left);
            for (TcpStream c : clients) {
                try {
                    c.close(); // closed already by the shutdown: a no-op or a refusal, either is fine
                } catch (RuntimeException ignored) {
                    // the loop has terminated
                }
            }
            System.out.printf("shutdown during reshape (%s) round %d: %d changes before/around the shutdown%n",
                    fromALoop ? "from a loop" : "off the loops", round, changes.get());
        }
        Map<String, Long> fdsAfter = fdKinds();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the kernel closes sockets a bit later
        while (!fdsAfter.equals(fdsBefore) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            fdsAfter = fdKinds();
        }
        assertEquals(fdsBefore, fdsAfter, "descriptors by kind before and after " + ROUNDS + " rounds");
    }

    /** @return threads of runtime {@code name} still alive, after up to 10 s for those that are ending */
    private static List<String> threadsOf(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.startsWith(name + "-")).collect(Collectors.toList());
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return left;
    }

    /** @return open descriptors of this process by kind (eventpoll, eventfd, io_uring, socket) */
    static Map<String, Long> fdKinds() throws IOException {
        Map<String, Long> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue; // the directory stream's own descriptor, or closed meanwhile
                }
                for (String kind : new String[] {"eventpoll", "eventfd", "io_uring", "socket"}) {
                    if (target.contains(kind)) {
                        kinds.merge(kind, 1L, Long::sum);
                    }
                }
            }
        }
        return kinds;
    }
}
