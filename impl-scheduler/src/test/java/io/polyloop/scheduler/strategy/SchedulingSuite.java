package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.loop.LoopThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduling guarantees every strategy keeps: fairness between tasks, timers and I/O, and a clean shutdown under
 * load. One subclass per strategy, as Tokio runs its tests under each runtime flavour.
 */
@Timeout(60)
abstract class SchedulingSuite {
    private IoRuntime rt;

    /** @return the strategy settings under test */
    protected abstract Map<String, Object> strategySettings();

    @BeforeEach
    void start() {
        rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll").properties(strategySettings())
                .build();
    }

    @AfterEach
    void stop() {
        assertTrue(rt.close(Duration.ofSeconds(10)));
    }

    @Test
    void aSelfReschedulingTaskStarvesNeitherASocketReadNorATimer() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicBoolean stopHog = new AtomicBoolean();
            AtomicLong hogRuns = new AtomicLong();
            Task<Integer> readAndTimer = rt.spawn(() -> {
                Runnable hog = new Runnable() {
                    @Override
                    public void run() {
                        hogRuns.incrementAndGet();
                        if (!stopHog.get()) {
                            rt.post(this); // forever, from the loop itself
                        }
                    }
                };
                rt.post(hog);
                Task<Void> timer = rt.sleep(Duration.ofMillis(20));
                ByteBuffer one = ByteBuffer.allocate(1);
                return rt.connect((InetSocketAddress) peer.getLocalSocketAddress())
                        .thenCompose(s -> s.read(one).whenComplete((n, e) -> s.close()))
                        .thenCombine(timer, (n, v) -> n);
            });
            try (Socket accepted = peer.accept()) {
                Thread.sleep(50); // the hog is running by now
                OutputStream out = accepted.getOutputStream();
                out.write(7);
                out.flush();
                assertEquals(1, readAndTimer.get(20, TimeUnit.SECONDS));
            } finally {
                stopHog.set(true);
            }
            assertTrue(hogRuns.get() > 100, "the hog hardly ran: " + hogRuns.get());
        }
    }

    @Test
    void closeUnderLoadCompletesAndLeavesNothingRunning() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        List<Task<Void>> far = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            far.add(rt.sleep(Duration.ofHours(1)));
            rt.sleep(Duration.ofMillis(i % 20));
        }
        for (int i = 0; i < 20_000; i++) {
            try {
                rt.post(() -> {
                    ran.incrementAndGet();
                    try {
                        rt.post(ran::incrementAndGet); // continuations of accepted work are still accepted
                    } catch (RejectedExecutionException closing) {
                        // refused only once the loop has terminated
                    }
                });
            } catch (RejectedExecutionException full) {
                break; // a stated bound, not a failure
            }
        }
        String prefix = rt.toString().substring(0, rt.toString().indexOf('['));
        assertTrue(rt.close(Duration.ofSeconds(10)), "close under load timed out");
        assertTrue(rt.terminated().isDone());
        for (Task<Void> t : far) {
            assertTrue(t.isDone(), "a pending timer outlived its runtime");
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t instanceof LoopThread && t.getName().startsWith(prefix + "-")) {
                t.join(5_000); // terminated is completed on the loop thread just before its run() returns
                assertFalse(t.isAlive(), "loop thread still alive: " + t.getName());
            }
        }
        assertTrue(ran.get() > 0);
    }
}
