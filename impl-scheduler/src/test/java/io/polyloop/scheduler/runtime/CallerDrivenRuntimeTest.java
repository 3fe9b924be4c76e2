package io.polyloop.scheduler.runtime;

import io.polyloop.api.CallerDrivenRuntime;
import io.polyloop.api.IoRuntime;
import io.polyloop.api.SettingsException;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caller-driven single-threaded mode: blockOn (Tokio's current_thread) and run/stop/restart (Asio). */
@Timeout(30)
class CallerDrivenRuntimeTest {
    private CallerDrivenRuntime local;
    private IoRuntime rt;

    @BeforeEach
    void build() {
        local = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll").buildCallerDriven();
        rt = local.runtime();
    }

    @AfterEach
    void close() {
        assertTrue(local.close(Duration.ofSeconds(10)), "caller-driven runtime did not terminate");
    }

    @Test
    void blockOnRunsTasksTimersAndIoOnTheCallersThread() {
        String me = Thread.currentThread().getName();
        List<String> threads = new ArrayList<>();
        String reply = local.blockOn(() -> rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .thenCompose(listener -> {
                    threads.add(Thread.currentThread().getName());
                    Task<TcpStream> accepted = listener.accept();
                    return rt.connect(listener.localAddress()).thenCompose(client -> accepted
                            .thenCompose(server -> server.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII))))
                            .thenCompose(v -> rt.sleep(Duration.ofMillis(20)))
                            .thenCompose(v -> {
                                ByteBuffer b = ByteBuffer.allocate(4);
                                return client.read(b).thenApply(n -> {
                                    threads.add(Thread.currentThread().getName());
                                    client.close();
                                    listener.close();
                                    return new String(b.array(), 0, n, StandardCharsets.US_ASCII);
                                });
                            }));
                }));
        assertEquals("ping", reply);
        assertEquals(List.of(me, me), threads);
    }

    @Test
    void runReturnsWhenNoWorkIsLeftAndStaysStoppedUntilRestart() {
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            rt.post(ran::incrementAndGet);
        }
        rt.schedule(ran::incrementAndGet, Duration.ofMillis(30));
        long handled = local.run();
        assertEquals(4, ran.get());
        assertTrue(handled >= 4, "run() counted " + handled);
        assertTrue(local.isStopped());
        rt.post(ran::incrementAndGet);
        assertEquals(0, local.run(), "a stopped runtime runs nothing until restart()");
        assertEquals(4, ran.get());
        local.restart();
        local.run();
        assertEquals(5, ran.get());
    }

    @Test
    void pendingIoKeepsRunGoingUntilStopFromAnotherThread() throws Exception {
        TcpListener listener = local.blockOn(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        listener.accept(); // pending I/O: run() must not return by itself
        AtomicReference<Thread> driver = new AtomicReference<>();
        CountDownLatch posted = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                Thread.sleep(100);
                rt.post(() -> {
                    driver.set(Thread.currentThread());
                    posted.countDown();
                });
                assertTrue(posted.await(10, TimeUnit.SECONDS));
                local.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        local.run();
        other.join(10_000);
        assertEquals(Thread.currentThread(), driver.get(), "a post from another thread woke the driving caller");
        listener.close();
    }

    @Test
    void blockingJoinsInsideTheLoopFailFastAndASecondDriverIsRefused() throws Exception {
        Task<Void> never = rt.sleep(Duration.ofHours(1));
        Throwable joinFailure = local.blockOn(rt.submit(() -> {
            try {
                never.join();
                return null;
            } catch (IllegalStateException expected) {
                return expected;
            }
        }));
        assertInstanceOf(IllegalStateException.class, joinFailure);
        // The main thread drives until the other thread has tried to drive too: its attempt must be refused.
        CompletableFuture<Throwable> second = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                local.blockOn(new CompletableFuture<Integer>()); // never completes: only a refusal returns
                second.complete(null);
            } catch (Throwable t) {
                second.complete(t);
            }
        });
        rt.post(other::start); // started by the loop, so the main thread is driving by then
        assertInstanceOf(IllegalStateException.class, local.blockOn(second));
        other.join(10_000);
        never.cancel();
    }

    @Test
    void failuresSurfaceFromBlockOn() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> local.blockOn(rt.submit(() -> {
                    throw new IllegalArgumentException("bad input");
                })));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void onlySingleThreadedCanBeDrivenByACaller() {
        SettingsException e = assertThrows(SettingsException.class, () -> IoRuntime.builder()
                .provider(new EpollBackendProvider()).strategy(Strategy.WORK_STEALING.configName())
                .buildCallerDriven());
        assertTrue(e.getMessage().contains("cannot be driven by a caller; accepted: single-threaded"), e.getMessage());
    }
}
